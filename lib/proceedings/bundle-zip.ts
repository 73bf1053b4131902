import { Zip, ZipPassThrough } from "fflate";

/**
 * A ZIP built file by file with fflate's streaming writer. Entries are stored, not deflated: PDFs
 * are compressed already, so deflating costs time and saves next to nothing. fflate passes each
 * file's bytes through without copying them, so the archive costs its own size until finish()
 * joins the parts into one array (then twice that, briefly).
 */
export function zipCollector() {
  const parts: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else parts.push(chunk);
  });
  return {
    add(name: string, bytes: Uint8Array, modifiedAt: Date) {
      const entry = new ZipPassThrough(name);
      entry.mtime = modifiedAt;
      zip.add(entry);
      entry.push(bytes, true);
      if (failure) throw failure;
    },
    finish(): Uint8Array {
      zip.end();
      if (failure) throw failure;
      const out = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
      let offset = 0;
      for (const part of parts) {
        out.set(part, offset);
        offset += part.byteLength;
      }
      parts.length = 0;
      return out;
    },
  };
}
