#!/usr/bin/env node
// Renders static/favicon.svg to the PNG icons the web app manifest needs (192 and 512 px, plus a
// maskable 512 with a safe zone), with Debian's Chromium. Run once after changing the icon.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';

const svg = readFileSync(new URL('../static/favicon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
for (const [size, name, padding] of [[192, 'icon-192.png', 0], [512, 'icon-512.png', 0], [512, 'icon-maskable-512.png', 0.1]]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const inner = size * (1 - 2 * padding);
  await page.setContent(
    `<body style="margin:0;background:#0b5cad;display:grid;place-items:center;height:${size}px">` +
      `<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body>`
  );
  await page.screenshot({ path: new URL(`../static/${name}`, import.meta.url).pathname });
  await page.close();
}
await browser.close();
