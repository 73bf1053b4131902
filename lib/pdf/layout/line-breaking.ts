import "server-only";
import LineBreaker from "linebreak";

/** Width in points of the logical text [start, end). */
export type MeasureText = (start: number, end: number) => number;

/** A line as a logical range of the paragraph text, trailing spaces excluded. */
export type LineRange = { start: number; end: number; width: number };

const SPACE = /\s/u;
// A hyphen between letters or digits, as in "Łukasiewicz-Nguyễn" or an identifier.
const JOINING_HYPHEN = /[\p{L}\p{N}][-\u2010][\p{L}\p{N}]/u;

/** Greedy line filling: as many words on a line as fit, a word wider than a line is cut. */
export function breakIntoLines(text: string, maxWidth: number, measure: MeasureText): LineRange[] {
  const lines: LineRange[] = [];
  let line: LineRange | null = null;

  for (const word of words(text)) {
    if (line) {
      const widthWithWord: number = line.width + measure(line.end, word.end);
      if (widthWithWord <= maxWidth) {
        line = { start: line.start, end: word.end, width: widthWithWord };
        continue;
      }
      lines.push(line);
    }
    line = null;
    for (const piece of cutToWidth(text, word, maxWidth, measure)) {
      if (line) lines.push(line);
      line = piece;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [{ start: 0, end: 0, width: 0 }];
}

/**
 * Ranges of text between break opportunities, without their trailing spaces. The opportunities are
 * those of the Unicode line breaking algorithm (UAX #14): between spaced words, after dashes and
 * slashes, between ideographs and kana, but never before closing punctuation such as 。、，, so
 * a Chinese or Japanese line does not start with one. A forced break (a newline) counts as an
 * ordinary one: paragraphs arrive as one line each.
 *
 * One tailoring: no break after a hyphen inside a word. PDF readers take a hyphen at the end of a
 * line for hyphenation and drop it when text is copied or extracted, which would turn a printed
 * name or identifier into a different one; such a word is cut only if it is wider than the line.
 */
function words(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  const breaker = new LineBreaker(text);
  let start = 0;
  for (let opportunity = breaker.nextBreak(); opportunity; opportunity = breaker.nextBreak()) {
    if (JOINING_HYPHEN.test(text.slice(opportunity.position - 2, opportunity.position + 1))) continue;
    let end = opportunity.position;
    while (end > start && SPACE.test(text[end - 1])) end--;
    if (end > start) found.push({ start: leadingSpaceEnd(text, start, end), end });
    start = opportunity.position;
  }
  return found;
}

// Spaces before the first word belong to no line (later spaces end the range before them).
function leadingSpaceEnd(text: string, start: number, end: number): number {
  while (start < end && SPACE.test(text[start])) start++;
  return start;
}

/** The word as one line, or cut into line-wide pieces at code point boundaries if it is too wide. */
function cutToWidth(
  text: string,
  word: { start: number; end: number },
  maxWidth: number,
  measure: MeasureText,
): LineRange[] {
  const whole = measure(word.start, word.end);
  if (whole <= maxWidth) return [{ ...word, width: whole }];
  const pieces: LineRange[] = [];
  let piece: LineRange = { start: word.start, end: word.start, width: 0 };
  for (const char of text.slice(word.start, word.end)) {
    const end = piece.end + char.length;
    const width = piece.width + measure(piece.end, end);
    if (width > maxWidth && piece.end > piece.start) {
      pieces.push(piece);
      piece = { start: piece.end, end, width: measure(piece.end, end) };
    } else {
      piece = { start: piece.start, end, width };
    }
  }
  pieces.push(piece);
  return pieces;
}
