// Runs while the pages are prerendered (the app is static). The viewer's CSP must let it reach a PACS
// whose address the user types in, which no list fixed at build time can name: on the viewer page
// alone, connect-src also allows any https origin and plain http to this computer (a PACS running
// on the workstation itself). docs/THREAT_MODEL.md says what this costs.

import type { Handle } from '@sveltejs/kit';

export const PACS_CONNECT_SRC = ['https:', 'http://localhost:*', 'http://127.0.0.1:*'];
const CONNECT_SRC = /(<meta http-equiv="content-security-policy" content="[^"]*?connect-src [^;"]*)/;

export function allowPacs(html: string): string {
  if (!CONNECT_SRC.test(html)) throw new Error('The viewer page has no CSP connect-src to extend for PACS sending.');
  return html.replace(CONNECT_SRC, `$1 ${PACS_CONNECT_SRC.join(' ')}`);
}

export const handle: Handle = ({ event, resolve }) =>
  resolve(event, { transformPageChunk: ({ html }) => (event.url.pathname === '/v' ? allowPacs(html) : html) });
