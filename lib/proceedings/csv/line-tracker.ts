// csv-parse's own line counter drifts when a quoted value contains CRLF (each half is counted), but
// the byte offset it reports at the end of each record is exact, so lines are counted here from
// those offsets. Records arrive in order, so each byte is looked at once.

const LF = 10;
const CR = 13;

export type RecordLines = { start: number; end: number };

/** Returns, for each record's end offset in turn, the file lines on which that record starts and ends. */
export function createLineTracker(bytes: Uint8Array): (recordEnd: number) => RecordLines {
  let position = 0;
  let line = 1;

  function stepOverLineBreak(): boolean {
    const byte = bytes[position];
    if (byte === CR) {
      position += bytes[position + 1] === LF ? 2 : 1;
    } else if (byte === LF) {
      position += 1;
    } else {
      return false;
    }
    line += 1;
    return true;
  }

  return function recordLines(recordEnd: number): RecordLines {
    // Blank lines the parser skipped lie between the previous record and this one.
    while (position < recordEnd && stepOverLineBreak());
    const start = line;
    let end = line;
    while (position < recordEnd) {
      if (stepOverLineBreak()) continue;
      end = line;
      position += 1;
    }
    return { start, end };
  };
}
