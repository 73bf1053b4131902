// Excel's "CSV UTF-8" starts with a byte order mark and other exporters don't; both are accepted.
// Anything else (Latin-1, Windows-1252, UTF-16 "Unicode text") is refused rather than guessed at,
// because a wrongly guessed encoding would put garbled author names into signed agreements.

export type DecodedCsv = {
  text: string;
  /** The same content as bytes without the byte order mark: csv-parse reports its positions in these. */
  body: Uint8Array;
};

export function decodeCsvBytes(file: Uint8Array): DecodedCsv | null {
  const hasBom = file[0] === 0xef && file[1] === 0xbb && file[2] === 0xbf;
  const body = hasBom ? file.subarray(3) : file;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body), body };
  } catch {
    return null;
  }
}
