// client-zip 2.5.1 writes Zip64 end records only when a file or an offset passes 4 GiB. With 65,535
// entries or more, its classic end record says 0xFFFF ("see Zip64") but no Zip64 record follows, so
// readers stop at 65,535 files or reject the archive (Info-ZIP unzip, fflate). This inserts the
// missing Zip64 end record and locator (APPNOTE 4.3.14, 4.3.15) before client-zip's classic one.

const EOCD = 0x06054b50;
const ZIP64_EOCD = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
/** Zip64 end record (56) + locator (20). */
export const ZIP64_FOOTER_BYTES = 76;

/** Whether the footer fix adds ZIP64_FOOTER_BYTES to an archive of `entries` entries of this length. */
export function needsZip64Footer(entries: number, archiveBytes: bigint): boolean {
  return entries >= 0xffff && archiveBytes < 0xffffffffn;
}

function zip64Footer(entries: number, directorySize: number, directoryOffset: number): Uint8Array {
  const view = new DataView(new ArrayBuffer(ZIP64_FOOTER_BYTES));
  view.setUint32(0, ZIP64_EOCD, true);
  view.setBigUint64(4, 44n, true);
  view.setUint16(12, 0x032d, true); // made by: Unix, 4.5 (as client-zip)
  view.setUint16(14, 45, true); // needed: 4.5
  view.setBigUint64(24, BigInt(entries), true);
  view.setBigUint64(32, BigInt(entries), true);
  view.setBigUint64(40, BigInt(directorySize), true);
  view.setBigUint64(48, BigInt(directoryOffset), true);
  view.setUint32(56, ZIP64_LOCATOR, true);
  view.setBigUint64(64, BigInt(directoryOffset + directorySize), true);
  view.setUint32(72, 1, true);
  return new Uint8Array(view.buffer);
}

/**
 * Passes client-zip's output through, holding back one chunk: client-zip yields its classic end
 * record as the last chunk of its own, right after its Zip64 locator when it wrote one.
 */
export function fixZip64Footer(entries: number): TransformStream<Uint8Array, Uint8Array> {
  let held: Uint8Array | null = null;
  let before: Uint8Array | null = null;
  return new TransformStream({
    transform(chunk, controller) {
      if (before) controller.enqueue(before);
      before = held;
      held = chunk;
    },
    flush(controller) {
      if (before) controller.enqueue(before);
      if (!held) return;
      const end = new DataView(held.buffer, held.byteOffset, held.byteLength);
      const wroteZip64 = before !== null && before.length >= 20 && new DataView(before.buffer, before.byteOffset).getUint32(before.length - 20, true) === ZIP64_LOCATOR;
      if (held.length === 22 && end.getUint32(0, true) === EOCD && entries >= 0xffff && !wroteZip64) {
        controller.enqueue(zip64Footer(entries, end.getUint32(12, true), end.getUint32(16, true)));
      }
      controller.enqueue(held);
    }
  });
}
