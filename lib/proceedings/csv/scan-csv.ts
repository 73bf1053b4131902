// Cheap quote-aware passes over the text before csv-parse reads it. They only count characters:
// which delimiter the header line uses, and roughly how many records there are, so that an
// oversized file is refused without parsing and validating every line of it.

const QUOTE = 34;
const COMMA = 44;
const SEMICOLON = 59;
const LF = 10;
const CR = 13;
const SPACE = 32;

export type CsvDelimiter = "," | ";";

/** Excel in many locales (de, fr, nl, …) saves with ";"; the header line tells which one this file uses. */
export function detectDelimiter(text: string): CsvDelimiter {
  let inQuotes = false;
  let started = false;
  let commas = 0;
  let semicolons = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes;
    if (inQuotes) continue;
    if (c === LF || c === CR) {
      if (started) break;
      continue; // blank lines before the header are skipped by the parser too
    }
    started = true;
    if (c === COMMA) commas++;
    else if (c === SEMICOLON) semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

/**
 * Records with at least one non-blank value, header included. Exact for well-formed CSV; a stray
 * quote in an unquoted value can make it undercount, which is why parsing is capped as well.
 */
export function countRecords(text: string, delimiter: CsvDelimiter): number {
  const separator = delimiter.charCodeAt(0);
  let inQuotes = false;
  let hasValue = false;
  let records = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      inQuotes = !inQuotes;
      continue;
    }
    if (inQuotes) {
      if (c > SPACE) hasValue = true;
      continue;
    }
    if (c === LF || c === CR) {
      if (hasValue) records++;
      hasValue = false;
      continue;
    }
    if (c > SPACE && c !== separator) hasValue = true;
  }
  return hasValue ? records + 1 : records;
}
