// Test helpers for the PACS modules: local storage in memory, and the SOP Instance UIDs in a STOW-RS
// body whose "files" are their UIDs as text (as send-job.test.ts makes them).

export class MemoryStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  key(index: number) {
    return [...this.map.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
  setItem(key: string, value: string) {
    this.map.set(key, String(value));
  }
}

export async function uidsInBody(body: Blob): Promise<string[]> {
  const text = await body.text();
  return [...text.matchAll(/Content-Type: application\/dicom\r\n\r\n(.*?)\r\n--/g)].map((m) => m[1]);
}
