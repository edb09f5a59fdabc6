// Debian's Chromium, launched by playwright as the e2e tests launch it.

import { chromium } from '@playwright/test';

/** The flags of playwright.config.ts (a .ts file, which Node 20 cannot import from here). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Shares the folder `dir` of `bytes` bytes; returns seconds, MB/s, the link and the memory peak. */
