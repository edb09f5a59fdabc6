// After sending: does the PACS list what it said it stored? Asked per series by QIDO-RS, and once
// more after a moment for those it does not list, since a server may index a little later.

import type { DicomWebClient } from './dicomweb';
import type { PacsInstance } from './instances';

function bySeries<T extends { instance: PacsInstance }>(results: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of results) {
    const key = `${r.instance.studyUid}\n${r.instance.seriesUid}`;
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}

async function unlisted<T extends { instance: PacsInstance }>(client: Pick<DicomWebClient, 'instancesOf'>, results: T[]): Promise<T[]> {
  const out: T[] = [];
  for (const [key, series] of bySeries(results)) {
    const [study, uid] = key.split('\n');
    const listed = await client.instancesOf(study, uid);
    out.push(...series.filter((r) => !listed.has(r.instance.sopInstanceUid)));
  }
  return out;
}

/** Of `stored`, those the PACS does not list, asked twice with `pause` between. Throws if it cannot be asked. */
export async function notListed<T extends { instance: PacsInstance }>(client: Pick<DicomWebClient, 'instancesOf'>, stored: T[], pause: () => Promise<void>): Promise<T[]> {
  const missing = await unlisted(client, stored);
  if (!missing.length) return missing;
  await pause();
  return unlisted(client, missing);
}
