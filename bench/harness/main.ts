// The in-browser half of the micro benchmarks, bundled by Vite with the product's own modules: the
// physical references (WebCrypto AES-GCM, hash-wasm SHA-256), the peer design (RFC 8188) and the
// product's frame decoder. bench/lib/micro.mjs calls these through page.evaluate.

import { createSHA256 } from 'hash-wasm';
import { decodeFrame } from '$lib/core/pixels/decode-frame';
import { browserCodecs } from '$lib/imaging/codec-wasm';

const MiB = 1024 * 1024;

/** `mb` MiB of incompressible bytes, built from one random 64 KiB block (getRandomValues caps at 64 KiB). */
function sampleData(mb: number): Uint8Array {
  const block = crypto.getRandomValues(new Uint8Array(65536));
  const data = new Uint8Array(mb * MiB);
  for (let at = 0; at < data.length; at += block.length) data.set(block, at);
  return data;
}

function ivFor(counter: number): Uint8Array {
  const iv = new Uint8Array(12);
  new DataView(iv.buffer).setUint32(8, counter);
  return iv;
}

/** MB/s of AES-256-GCM over `mb` MiB cut into records of `recordSize`, `inFlight` calls at a time. */
async function aesGcm(mb: number, recordSize: number, inFlight: number): Promise<number> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const data = sampleData(mb);
  const ad = new Uint8Array(76);
  const seal = (i: number) =>
    crypto.subtle.encrypt({ name: 'AES-GCM', iv: ivFor(i) as BufferSource, additionalData: ad }, key, data.subarray(i * recordSize, (i + 1) * recordSize));
  const count = data.length / recordSize;
  const start = performance.now();
  for (let i = 0; i < count; i += inFlight) {
    await Promise.all(Array.from({ length: Math.min(inFlight, count - i) }, (_, k) => seal(i + k)));
  }
  return data.length / 1e6 / ((performance.now() - start) / 1000);
}

/** MB/s of hash-wasm SHA-256 fed in 64 KiB chunks, the size Chromium's File.stream() hands out. */
async function sha256(mb: number): Promise<number> {
  const data = sampleData(mb);
  const hasher = await createSHA256();
  const start = performance.now();
  hasher.init();
  for (let at = 0; at < data.length; at += 65536) hasher.update(data.subarray(at, at + 65536));
  hasher.digest('hex');
  return data.length / 1e6 / ((performance.now() - start) / 1000);
}

/**
 * MB/s of RFC 8188 "aes128gcm" content coding with `rs`-byte records, as Firefox Send used it:
 * HKDF-derived AES-128 key and nonce base, one delimiter byte per record, nonce = base XOR counter.
 */
async function ece(mb: number, rs: number): Promise<number> {
  const data = sampleData(mb);
  const start = performance.now();
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const ikm = await crypto.subtle.importKey('raw', crypto.getRandomValues(new Uint8Array(16)), 'HKDF', false, ['deriveBits']);
  const derive = async (label: string, bits: number) =>
    new Uint8Array(
      await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: new TextEncoder().encode(`Content-Encoding: ${label}\0`) }, ikm, bits)
    );
  const key = await crypto.subtle.importKey('raw', await derive('aes128gcm', 128), 'AES-GCM', false, ['encrypt']);
  const base = await derive('nonce', 96);
  const chunk = rs - 17;
  const padded = new Uint8Array(chunk + 1);
  let out = 0;
  for (let seq = 0, at = 0; at < data.length; seq++, at += chunk) {
    const plain = data.subarray(at, at + chunk);
    const record = plain.length === chunk ? padded : new Uint8Array(plain.length + 1);
    record.set(plain);
    record[plain.length] = at + chunk >= data.length ? 2 : 1;
    const nonce = base.slice();
    const view = new DataView(nonce.buffer);
    view.setUint32(8, view.getUint32(8) ^ seq);
    out += (await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce }, key, record)).byteLength;
  }
  if (out < data.length) throw new Error('ECE produced less than it was given');
  return data.length / 1e6 / ((performance.now() - start) / 1000);
}

/**
 * Milliseconds to decode frame 0 of each file at `urls` with the product's decoder, in file order,
 * the codecs' wasm served as the app serves it (the first image of a codec includes its download).
 */
async function decode(urls: string[]): Promise<number[]> {
  const files = await Promise.all(urls.map(async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer())));
  const times: number[] = [];
  for (const bytes of files) {
    const start = performance.now();
    await decodeFrame(bytes, 0, browserCodecs);
    times.push(performance.now() - start);
  }
  return times;
}

Object.assign(globalThis, { discless_bench: { aesGcm, sha256, ece, decode } });
