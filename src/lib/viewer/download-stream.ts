// The page's half of a streamed download (the service worker's half is static/download-sw.js): the
// page offers a one-time download to the service worker over a MessagePort, hands that port to the
// reader worker, which sends the zip's stream on it, and then opens /download/<random id>/<name> in
// a hidden frame. The URL carries nothing but the random id and the neutral file name.

/** How long the service worker has to answer before the export falls back to a Blob. */
const ANSWER_MS = 2_000;
/** A message now and then keeps the service worker alive while it feeds a long download. */
const KEEP_ALIVE_MS = 10_000;
/** The frame is removed this long after the zip was handed over, once the browser has it all. */
const FRAME_LINGER_MS = 60_000;

export interface StreamedDownload {
  /** For the reader worker: it sends the zip's ReadableStream on this port. */
  port: MessagePort;
  /** Opens the download, once the service worker holds the stream. */
  start(): void;
  /** The zip was handed over, or the export failed. */
  end(): void;
}

/** A streamed download, or null where no service worker of this version controls the page. */
export async function offerStreamedDownload(name: string): Promise<StreamedDownload | null> {
  const worker = navigator.serviceWorker?.controller;
  if (!worker) return null;
  const id = crypto.randomUUID();
  const { port1, port2 } = new MessageChannel();
  const accepted = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ANSWER_MS);
    port1.onmessage = ({ data }) => {
      clearTimeout(timer);
      resolve(data === 'accepted');
    };
    worker.postMessage({ type: 'discless-download', id, name }, [port2]);
  });
  if (!accepted) {
    port1.close();
    return null;
  }
  port1.onmessage = null;
  let frame: HTMLIFrameElement | null = null;
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  return {
    port: port1,
    start() {
      frame = document.createElement('iframe');
      frame.hidden = true;
      frame.src = `/download/${id}/${encodeURIComponent(name)}`;
      document.body.append(frame);
      keepAlive = setInterval(() => worker.postMessage({ type: 'discless-keep-alive' }), KEEP_ALIVE_MS);
    },
    end() {
      clearInterval(keepAlive);
      const done = frame;
      if (done) setTimeout(() => done.remove(), FRAME_LINGER_MS);
    }
  };
}
