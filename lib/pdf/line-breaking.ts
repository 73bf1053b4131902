import "server-only";

/** Width in points of the logical text [start, end). */
export type MeasureText = (start: number, end: number) => number;

/** A line as a logical range of the paragraph text, trailing spaces excluded. */
export type LineRange = { start: number; end: number; width: number };

// Chinese and Japanese are written without spaces, so a line may break beside any ideograph or kana
// (Hangul is spaced, but breaking inside a long Korean word beats overflowing the margin).
const BREAKS_ANYWHERE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const SPACE = /\s/u;

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

/** Ranges of text between break opportunities, without their trailing spaces. */
function words(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  let start = -1;
  let previous = "";
  let index = 0;
  for (const char of text) {
    const isSpace = SPACE.test(char);
    const breakBefore = BREAKS_ANYWHERE.test(char) || BREAKS_ANYWHERE.test(previous);
    if (isSpace) {
      if (start >= 0) found.push({ start, end: index });
      start = -1;
    } else if (start < 0) {
      start = index;
    } else if (breakBefore) {
      found.push({ start, end: index });
      start = index;
    }
    previous = char;
    index += char.length;
  }
  if (start >= 0) found.push({ start, end: index });
  return found;
}

/** The word as one line, or cut into line-wide pieces at code point boundaries if it is too wide. */
function cutToWidth(text: string, word: { start: number; end: number }, maxWidth: number, measure: MeasureText): LineRange[] {
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
