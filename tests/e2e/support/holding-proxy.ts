// A pass-through proxy on loopback in front of the real store that can hold back uploads to some
// paths (they get no answer until released), and records every PUT it forwards and every one the
// store accepted (201). It lets a test stop an upload at a known point, as a lost connection would.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwardTo } from './recording-proxy';

export async function startHoldingProxy(target: string, hold: RegExp) {
  const upstream = new URL(target);
  const puts: string[] = [];
  const stored: string[] = [];
  let holding = true;
  const server = http.createServer((req, res) => {
    const path = req.url!;
    if (req.method === 'PUT' && holding && hold.test(path)) {
      req.resume(); // take the body and never answer: the client is still waiting when killed
      return;
    }
    if (req.method === 'PUT') puts.push(path);
    req.pipe(forwardTo(upstream, req, res, (status) => req.method === 'PUT' && status === 201 && stored.push(path)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    puts,
    stored,
    release: () => void (holding = false),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
}
