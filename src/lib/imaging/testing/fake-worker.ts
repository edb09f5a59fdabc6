// Stands in for the browser's module Worker in Node tests: runs the real decode handlers through the
// real rpc protocol, and clones with transfer like postMessage does, so detached buffers behave as in
// a browser.
import { answer, type Reply, type Request } from '$lib/workers/rpc';
import { decodeHandlers } from '../decode-handlers';

const handlers = decodeHandlers();

export class FakeWorker {
  static started: FakeWorker[] = [];
  onmessage: ((event: { data: Reply }) => void) | null = null;
  onerror: ((event: { message: string; preventDefault(): void }) => void) | null = null;
  terminated = false;
  /** When set, replies wait for flush() and then go out newest first. */
  holdReplies = false;
  private held: Reply[] = [];

  constructor(
    readonly url: URL,
    readonly options: WorkerOptions
  ) {
    FakeWorker.started.push(this);
  }

  postMessage(request: Request, transfer: Transferable[]): void {
    const received = structuredClone(request, { transfer });
    void answer(handlers, received, () => {}).then(([reply, back]) => {
      const sent = structuredClone(reply, { transfer: [...back] });
      if (this.holdReplies) this.held.push(sent);
      else setTimeout(() => this.onmessage?.({ data: sent }));
    });
  }

  async flush(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    for (const reply of this.held.reverse()) this.onmessage?.({ data: reply });
    this.held = [];
  }

  crash(message: string): void {
    this.onerror?.({ message, preventDefault() {} });
  }

  terminate(): void {
    this.terminated = true;
  }
}
