// docs/DEPLOY.md shows the Orthanc and nginx configuration the e2e tests run (deploy/pacs/, filled in
// by scripts/local-pacs.mjs). This keeps the two the same: the tested configuration is the documented one.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nginxSite, orthancConfig } from '../../scripts/local-pacs.mjs';

const deploy = readFileSync(join(import.meta.dirname, '../../docs/DEPLOY.md'), 'utf8');
const listen = [
  'listen 443 ssl;',
  '    server_name pacs.clinic.example;',
  '    ssl_certificate     /etc/ssl/pacs/fullchain.pem;',
  '    ssl_certificate_key /etc/ssl/pacs/privkey.pem;'
].join('\n');

describe('docs/DEPLOY.md, Receiving into your PACS', () => {
  it('shows the nginx site the e2e tests run, with example values', () => {
    expect(deploy).toContain(nginxSite({ listen, pacs: '127.0.0.1:8042', appOrigin: 'https://discless.clinic.example' }).trim());
  });

  it('shows the Orthanc configuration the e2e tests run, with example values', () => {
    expect(deploy).toContain(orthancConfig({ storage: '/var/lib/orthanc/db', httpPort: 8042, user: 'discless', password: 'change-me', lua: [] }).trim());
  });
});
