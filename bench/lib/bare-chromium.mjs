// Debian's Chromium driven through a bare DevTools protocol pipe, for the sender benchmark. Playwright
// keeps DevTools domains on for every page it controls (Network among them, which records every
// request) and runs pages in an off-the-record profile; a nurse's browser does neither. The sender's
// memory and speed are measured as theirs would be: an on-disk profile, and only the domains the
// benchmark needs (Target, Page, Runtime, DOM, Tracing).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

class Session {
  constructor(send, sessionId) {
    this.sendRaw = send;
    this.sessionId = sessionId;
  }
  send(method, params = {}) {
    return this.sendRaw(method, params, this.sessionId);
  }
  /** The value of `expression` (awaited) in the page. */
  async evaluate(expression) {
    const { result, exceptionDetails } = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  }
  /** Polls `expression` until it is truthy; returns its value. */
  async waitFor(expression, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.evaluate(expression).catch(() => undefined);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Launches Chromium with a fresh on-disk profile (as a real user has) and returns its first page. */
export async function launchBare() {
  const profile = mkdtempSync(join(tmpdir(), 'discless-bench-profile-'));
  const child = spawn(CHROMIUM_PATH, [...CHROMIUM_ARGS, '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe']
  });
  const [, , , input, output] = child.stdio;
  let nextId = 1;
  const pending = new Map();
  const listeners = new Set();
  let buffered = '';
  output.setEncoding('utf8');
  output.on('data', (text) => {
    const messages = (buffered + text).split('\0');
    buffered = messages.pop();
    for (const raw of messages) {
      const message = JSON.parse(raw);
      const waiting = pending.get(message.id);
      if (!waiting) {
        for (const listener of listeners) listener(message);
        continue;
      }
      pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message}`));
      else waiting.resolve(message.result);
    }
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // A browser that dies (or is killed by someone else's clean-up) fails what waits on it, at once.
  let gone = null;
  child.once('exit', (code, signal) => {
    gone = new Error(`Chromium exited (${signal ?? code}) during the benchmark`);
    for (const { reject } of pending.values()) reject(gone);
    pending.clear();
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      if (gone) return reject(gone);
      const id = nextId++;
      pending.set(id, { resolve, reject, method });
      input.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  const browser = new Session(send, undefined);
  const { targetInfos } = await browser.send('Target.getTargets');
  const { targetId } = targetInfos.find((target) => target.type === 'page');
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
  const page = new Session(send, sessionId);
  return {
    page,
    version: async () => (await browser.send('Browser.getVersion')).product,
    /** Records a trace of the whole browser until the returned stop(), which writes it to `path`. */
    async startTracing(path) {
      const includedCategories = ['devtools.timeline', 'v8', 'blink', 'disabled-by-default-devtools.timeline', 'disabled-by-default-v8.cpu_profiler'];
      await browser.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories } });
      return async () => {
        const complete = new Promise((resolve) => {
          const listener = (message) => message.method === 'Tracing.tracingComplete' && (listeners.delete(listener), resolve(message.params.stream));
          listeners.add(listener);
        });
        await browser.send('Tracing.end');
        const stream = await complete;
        const chunks = [];
        for (let eof = false; !eof; ) {
          const read = await browser.send('IO.read', { handle: stream });
          chunks.push(read.base64Encoded ? Buffer.from(read.data, 'base64').toString('utf8') : read.data);
          eof = read.eof;
        }
        writeFileSync(path, chunks.join(''));
      };
    },
    async close() {
      await browser.send('Browser.close').catch(() => {});
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      child.kill('SIGKILL');
      rmSync(profile, { recursive: true, force: true });
    }
  };
}

/** Gives a local folder to the page's `<input webkitdirectory>` matching `selector`, as a user's pick does. */
export async function setInputFolder(page, selector, dir) {
  const { root } = await page.send('DOM.getDocument', { depth: 0 });
  const { nodeId } = await page.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  if (!nodeId) throw new Error(`no element matches ${selector}`);
  await page.send('DOM.setFileInputFiles', { nodeId, files: [dir] });
}

/** Clicks the element matching `selector` as soon as it exists and is enabled. */
export function clickWhenEnabled(page, selector, timeoutMs) {
  const find = `document.querySelector(${JSON.stringify(selector)})`;
  return page.waitFor(`(() => { const element = ${find}; return element && !element.disabled && (element.click(), true); })()`, timeoutMs);
}
