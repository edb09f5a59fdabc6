// Debian's Chromium as every browser test and benchmark here launches it. Plain JS so that Node 20
// scripts (bench) and playwright.config.ts share one list: without the background-networking flags
// Chromium's connections are refused by this machine's closed network.

/** @type {string[]} */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
