// A small request/response protocol over postMessage, so that every worker (indexing, sharing,
// reading, decoding) is called like an async function and its typed errors keep their `code` across
// the boundary (structured clone drops Error subclasses).

import { DisclessError } from '../core/errors';

type Emit = (event: unknown) => void;
export type Handlers = Record<string, (args: any, emit: Emit) => unknown>;

export interface Request {
  id: number;
  method: string;
  args: unknown;
}

export type Reply =
  | { id: number; kind: 'event'; event: unknown }
  | { id: number; kind: 'result'; result: unknown }
  | { id: number; kind: 'error'; code: string; message: string };

const TRANSFER = Symbol('transfer');

/** A handler's result whose buffers move to the caller instead of being copied. */
export function transferring<T>(value: T, list: Transferable[]): T {
  return Object.assign(Object.create(null), { [TRANSFER]: { value, list } }) as T;
}

function unwrap(result: unknown): [unknown, Transferable[]] {
  const wrapped = (result as { [TRANSFER]?: { value: unknown; list: Transferable[] } } | null)?.[TRANSFER];
  if (wrapped) return [wrapped.value, wrapped.list];
  if (result instanceof ArrayBuffer) return [result, [result]];
  return [result, []];
}

/** Runs one request against the handlers; separate from `serve` so Node tests can drive it. */
export async function answer(handlers: Handlers, { id, method, args }: Request, emit: (reply: Reply) => void) {
  try {
    const handler = handlers[method];
    if (!handler) throw new DisclessError('internal', `Unknown worker method ${method}.`);
    const [result, transfer] = unwrap(await handler(args, (event) => emit({ id, kind: 'event', event })));
    return [{ id, kind: 'result', result } as Reply, transfer] as const;
  } catch (error) {
    const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'internal';
    const message = error instanceof Error ? error.message : String(error);
    return [{ id, kind: 'error', code, message } as Reply, []] as const;
  }
}

/** Inside a worker: answer calls with the given handlers. */
export function serve(handlers: Handlers, scope: DedicatedWorkerGlobalScope = self as never): void {
  scope.onmessage = async ({ data }: MessageEvent<Request>) => {
    const [reply, transfer] = await answer(handlers, data, (event) => scope.postMessage(event));
    scope.postMessage(reply, [...transfer]);
  };
}

/** On the page: call a worker's handlers. A worker that dies fails every pending call. */
export class WorkerClient {
  private next = 1;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; onEvent?: Emit }>();
  alive = true;

  constructor(
    private readonly worker: Worker,
    private readonly name = 'A background task'
  ) {
    worker.onmessage = ({ data }: MessageEvent<Reply>) => {
      const call = this.pending.get(data.id);
      if (!call) return;
      if (data.kind === 'event') return call.onEvent?.(data.event);
      this.pending.delete(data.id);
      if (data.kind === 'result') call.resolve(data.result);
      else call.reject(new DisclessError(data.code, data.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const error = new DisclessError('internal', `${this.name} stopped${event.message ? `: ${event.message}` : ''}.`);
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
      this.terminate();
    };
  }

  call<T>(method: string, args: unknown, options: { transfer?: Transferable[]; onEvent?: Emit } = {}): Promise<T> {
    if (!this.alive) return Promise.reject(new DisclessError('internal', `${this.name} has stopped.`));
    const id = this.next++;
    try {
      this.worker.postMessage({ id, method, args } satisfies Request, options.transfer ?? []);
    } catch (error) {
      // Typically a buffer that an earlier call already handed over (detached).
      return Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => this.pending.set(id, { resolve, reject, onEvent: options.onEvent }));
  }

  terminate(): void {
    this.alive = false;
    this.worker.terminate();
  }
}
