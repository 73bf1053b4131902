import "server-only";
import { fallbackFamilies, faceKeyFor, loadFace, type FaceKey, type FontStyle } from "./fonts";

/** Text in one style; `face`, when given, draws every character it has (a handwriting face). */
export type Span = { text: string; style: FontStyle; face?: FaceKey };

/** Drawable text with the face chosen for every UTF-16 unit (both halves of a pair share one). */
export type FacedText = { text: string; faces: FaceKey[] };

/** Shown where no bundled font has the character (emoji, private use, unassigned code points). */
export const MISSING_GLYPH = "\uFFFD";

const BECOMES_SPACE = /[\t\n\r\v\f\u0085\u2028\u2029]/u;
// Controls and invisible format characters are dropped: they have no glyph, and explicit bidi
// overrides (U+202E and friends) could make a signed document read differently than it was typed.
const DROPPED = /[\p{Cc}\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/u;
// Punctuation, symbols, spaces and combining marks stay in the face of the text around them, so
// an Arabic phrase stays one shaped run and accents stay on their letters.
const FOLLOWS_NEIGHBOUR = /[\p{P}\p{S}\p{Z}\p{M}]/u;

export function faceText(spans: Span[]): FacedText {
  const families = fallbackFamilies(spans.map((span) => span.text).join(""));
  let text = "";
  const faces: FaceKey[] = [];
  let previous: FaceKey | undefined;
  let previousWasMissing = false;

  for (const span of spans) {
    for (const rawChar of span.text.normalize("NFC")) {
      const char = BECOMES_SPACE.test(rawChar) ? " " : rawChar;
      if (DROPPED.test(char)) continue;
      const codePoint = char.codePointAt(0)!;
      const face = isLoneSurrogate(char) ? undefined : pickFace(codePoint, span, families, previous);
      if (!face && previousWasMissing) continue;
      const drawn = face ? char : MISSING_GLYPH;
      const drawnFace = face ?? faceKeyFor("latin", span.style);
      text += drawn;
      for (let unit = 0; unit < drawn.length; unit++) faces.push(drawnFace);
      previous = drawnFace;
      previousWasMissing = !face;
    }
  }
  return { text, faces };
}

function pickFace(
  codePoint: number,
  { style, face: chosen }: Span,
  families: ReturnType<typeof fallbackFamilies>,
  previous: FaceKey | undefined,
): FaceKey | undefined {
  if (chosen && hasGlyph(chosen, codePoint)) return chosen;
  if (previous && FOLLOWS_NEIGHBOUR.test(String.fromCodePoint(codePoint)) && hasGlyph(previous, codePoint)) {
    return previous;
  }
  for (const family of families) {
    const face = faceKeyFor(family, style);
    if (hasGlyph(face, codePoint)) return face;
  }
  return undefined;
}

// Which characters each face has: asked for every character of every document, and a pure
// function of the font file. Emptied when large, so odd names cannot grow it without end.
const coverage = new Map<FaceKey, Map<number, boolean>>();
const COVERAGE_LIMIT = 50_000;

function hasGlyph(face: FaceKey, codePoint: number): boolean {
  let known = coverage.get(face);
  if (!known || known.size > COVERAGE_LIMIT) coverage.set(face, (known = new Map()));
  let has = known.get(codePoint);
  if (has === undefined) known.set(codePoint, (has = loadFace(face).font.hasGlyphForCodePoint(codePoint)));
  return has;
}

function isLoneSurrogate(char: string): boolean {
  const unit = char.charCodeAt(0);
  return char.length === 1 && unit >= 0xd800 && unit <= 0xdfff;
}

/** Maximal stretches of [start, end) drawn with a single face. */
export function sameFaceStretches(faced: FacedText, start: number, end: number) {
  const stretches: { start: number; end: number; face: FaceKey }[] = [];
  for (let index = start; index < end; index++) {
    const last = stretches.at(-1);
    if (last && last.face === faced.faces[index]) last.end = index + 1;
    else stretches.push({ start: index, end: index + 1, face: faced.faces[index] });
  }
  return stretches;
}
