// A pass-through HTTP proxy on loopback that records every request the browser makes (method, URL,
// headers, whole body) before forwarding it unchanged to the real app and store. It lets the test
// prove what leaves the browser: Chromium does not expose Blob request bodies to Playwright.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Sends `req` on to `upstream` unchanged and pipes the answer back to `res`; `onAnswer` sees each
 * answer first. The caller writes the body to the returned request (piped, or ended with it).
 */
export function forwardTo(upstream: URL, req: http.IncomingMessage, res: http.ServerResponse, onAnswer: (status: number) => void = () => {}) {
  const forward = http.request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
    (answer) => {
      onAnswer(answer.statusCode!);
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    }
  );
  forward.on('error', () => res.destroy());
  return forward;
}

export async function startRecordingProxy(target: string) {
  const requests: RecordedRequest[] = [];
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      forwardTo(upstream, req, res).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}
