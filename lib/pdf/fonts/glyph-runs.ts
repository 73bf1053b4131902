import "server-only";
import type { Font } from "fontkit";
import { layoutWithoutGlyphCache } from "./fontkit-internals";
import { familyOf, loadFace, type FaceKey, type FontFamily } from "./fonts";

/**
 * One run of text as glyphs in drawing order. Advances are in font units; `widths` are the
 * glyphs' own advances (what the PDF's width table says) and `advances` the shaped ones, which
 * differ where shaping kerns or attaches marks. `texts` says which characters each glyph stands for.
 *
 * Shared between documents and cached: never mutate one.
 */
export type ShapedRun = {
  readonly ids: readonly number[];
  readonly texts: readonly string[];
  readonly widths: readonly number[];
  readonly advances: readonly number[];
  readonly advance: number;
};

// Scripts whose letters change shape with their neighbours, and the handwriting faces whose
// letters are meant to join, go through fontkit's OpenType shaping. Everything else maps each
// character to its glyph through the font's cmap, without ligatures or kerning: plain text
// setting for Latin, Greek, Cyrillic and CJK at a fraction of the cost (shaping every word was
// most of the render time).
const SHAPED_FAMILIES = new Set<FontFamily>(["arabic", "hebrew", "dancing", "caveat"]);
const COMBINING_MARK = /\p{M}/u;

const needsShaping = (face: FaceKey, text: string) => SHAPED_FAMILIES.has(familyOf(face)) || COMBINING_MARK.test(text);

/** Width of `text` set in `face`, in font units; the same total drawing it gives. */
export function advanceOf(face: FaceKey, text: string): number {
  if (needsShaping(face, text)) return shapedRun(face, text).advance;
  let total = 0;
  for (const char of text) total += cmapGlyph(face, char.codePointAt(0)!).width;
  return total;
}

/** The glyphs for logical-order `text`, left to right as drawn; `rtl` runs come out reversed. */
export function shapeRun(face: FaceKey, text: string, rtl: boolean): ShapedRun {
  const run = needsShaping(face, text) ? shapedRun(face, text) : cmapRun(face, text);
  return run.reversed === rtl ? run : reversed(run);
}

type OrderedRun = ShapedRun & { reversed: boolean };

// Per face, character → glyph: a pure function of the font file, so safe to share. A face has
// at most 65,536 glyphs, but characters are many more; the limit keeps the map from growing on.
const cmapGlyphs = new Map<FaceKey, Map<number, { id: number; width: number }>>();
const CMAP_LIMIT = 50_000;

function cmapGlyph(face: FaceKey, codePoint: number) {
  let glyphs = cmapGlyphs.get(face);
  if (!glyphs || glyphs.size > CMAP_LIMIT) cmapGlyphs.set(face, (glyphs = new Map()));
  let glyph = glyphs.get(codePoint);
  if (!glyph) {
    const found = loadFace(face).font.glyphForCodePoint(codePoint);
    glyph = { id: found.id, width: found.advanceWidth };
    glyphs.set(codePoint, glyph);
  }
  return glyph;
}

function cmapRun(face: FaceKey, text: string): OrderedRun {
  const ids: number[] = [];
  const texts: string[] = [];
  const widths: number[] = [];
  let advance = 0;
  for (const char of text) {
    const glyph = cmapGlyph(face, char.codePointAt(0)!);
    ids.push(glyph.id);
    texts.push(char);
    widths.push(glyph.width);
    advance += glyph.width;
  }
  return { ids, texts, widths, advances: widths, advance, reversed: false };
}

// Names and titles repeat (every page footer, a signer's name in several places), so shaping
// results are kept, up to a bound that keeps a long-running server's memory flat.
const SHAPED_CACHE_LIMIT = 2000;
const shapedCache = new Map<string, OrderedRun>();

function shapedRun(face: FaceKey, text: string): OrderedRun {
  const key = `${face}\u0000${text}`;
  const cached = shapedCache.get(key);
  if (cached) return cached;
  const run = layout(loadFace(face).font, text);
  if (shapedCache.size >= SHAPED_CACHE_LIMIT) shapedCache.delete(shapedCache.keys().next().value!);
  shapedCache.set(key, run);
  return run;
}

/**
 * fontkit's layout with each glyph's characters taken from this text alone, not from whatever
 * earlier call first reached the glyph (see layoutWithoutGlyphCache).
 */
function layout(font: Font, text: string): OrderedRun {
  const run = layoutWithoutGlyphCache(font, text);
  const texts = run.glyphs.map((glyph) => String.fromCodePoint(...glyph.codePoints));
  const advances = run.positions.map((position) => position.xAdvance);
  return {
    ids: run.glyphs.map((glyph) => glyph.id),
    texts,
    widths: run.glyphs.map((glyph) => glyph.advanceWidth),
    advances,
    advance: advances.reduce((sum, value) => sum + value, 0),
    reversed: run.direction === "rtl",
  };
}

function reversed(run: OrderedRun): OrderedRun {
  return {
    ids: [...run.ids].reverse(),
    texts: [...run.texts].reverse(),
    widths: [...run.widths].reverse(),
    advances: [...run.advances].reverse(),
    advance: run.advance,
    reversed: !run.reversed,
  };
}
