import "server-only";
import { deflateSync } from "node:zlib";
import type { PDFContext, PDFRef } from "pdf-lib";
import type { Font } from "fontkit";
import { createFontSubset } from "./font-subset";
import { descriptorStyle, hasCffOutlines, includeGlyph } from "./fontkit-internals";
import { loadFace, type FaceKey } from "./fonts";
import { pdfAsciiString } from "@/lib/pdf/pdf-text";
import type { ShapedRun } from "./glyph-runs";
import { toUnicodeCmap } from "./to-unicode-cmap";

/**
 * One face as used by one document: the glyphs drawn so far (renumbered as a subset, so a few
 * Chinese names carry kilobytes of the 8 MB Chinese face) and what each stands for. Everything
 * that varies per document lives here; the parsed font behind it is shared and only read.
 */
export type DocumentFont = {
  /** The Type 0 font dictionary pages refer to; written by embed(). */
  ref: PDFRef;
  unitsPerEm: number;
  /** The codes that draw `run`, adding its glyphs to the subset. */
  codes(run: ShapedRun): number[];
  /** Writes the subset font program and its dictionaries; `tag` is the six-letter subset prefix. */
  embed(tag: string): void;
};

export function createDocumentFont(context: PDFContext, face: FaceKey): DocumentFont {
  const { font } = loadFace(face);
  const subset = createFontSubset(font);
  const ref = context.nextRef();
  // Keyed by subset glyph id, which is also the code drawn (Identity-H, CIDToGIDMap Identity).
  const texts = new Map<number, string>();
  const widths = new Map<number, number>();

  return {
    ref,
    unitsPerEm: font.unitsPerEm,
    codes(run) {
      return run.ids.map((id, index) => {
        const code = includeGlyph(subset, id);
        if (!widths.has(code)) widths.set(code, run.widths[index]);
        if (!texts.get(code)) texts.set(code, run.texts[index]);
        return code;
      });
    },
    embed(tag) {
      const baseFont = `${tag}+${font.postscriptName}`;
      const isCff = hasCffOutlines(font);
      const program = subset.encode();
      const fontFile = context.stream(deflateSync(program), {
        Filter: "FlateDecode",
        // Length1 (the unencoded length) is required for TrueType programs.
        ...(isCff ? { Subtype: "CIDFontType0C" } : { Length1: program.length }),
      });
      const descriptor = context.obj({
        ...fontDescriptor(font),
        FontName: baseFont,
        [isCff ? "FontFile3" : "FontFile2"]: context.register(fontFile),
      });
      const cidFont = context.obj({
        Type: "Font",
        Subtype: isCff ? "CIDFontType0" : "CIDFontType2",
        BaseFont: baseFont,
        CIDSystemInfo: { Registry: pdfAsciiString("Adobe"), Ordering: pdfAsciiString("Identity"), Supplement: 0 },
        CIDToGIDMap: "Identity",
        FontDescriptor: context.register(descriptor),
        W: widthArray(widths, 1000 / font.unitsPerEm),
      });
      const toUnicode = context.stream(deflateSync(toUnicodeCmap(texts)), { Filter: "FlateDecode" });
      context.assign(
        ref,
        context.obj({
          Type: "Font",
          Subtype: "Type0",
          BaseFont: baseFont,
          Encoding: "Identity-H",
          DescendantFonts: [context.register(cidFont)],
          ToUnicode: context.register(toUnicode),
        }),
      );
    },
  };
}

function fontDescriptor(font: Font) {
  const scale = 1000 / font.unitsPerEm;
  const familyClass = font["OS/2"]?.sFamilyClass ?? 0;
  const style = descriptorStyle(font);
  // Flags (PDF 1.7, table 123): fixed pitch 1, serif 2, symbolic 4 (any font with characters
  // beyond the standard Latin set), script 8, italic 64.
  const flags =
    (style.fixedPitch ? 1 : 0) |
    (familyClass >= 1 && familyClass <= 7 ? 2 : 0) |
    4 |
    (familyClass === 10 ? 8 : 0) |
    (style.italic ? 64 : 0);
  const { minX, minY, maxX, maxY } = font.bbox;
  return {
    Type: "FontDescriptor",
    Flags: flags,
    FontBBox: [minX, minY, maxX, maxY].map((value) => round(value * scale)),
    ItalicAngle: font.italicAngle,
    Ascent: round(font.ascent * scale),
    Descent: round(font.descent * scale),
    CapHeight: round((font.capHeight || font.ascent) * scale),
    XHeight: round((font.xHeight || 0) * scale),
    StemV: 0,
  };
}

/** The W array: for each stretch of consecutive codes, its first code and their widths. */
function widthArray(widths: ReadonlyMap<number, number>, scale: number): (number | number[])[] {
  const array: (number | number[])[] = [];
  let previous = -2;
  for (const code of [...widths.keys()].sort((a, b) => a - b)) {
    if (code !== previous + 1) array.push(code, []);
    (array.at(-1) as number[]).push(round(widths.get(code)! * scale));
    previous = code;
  }
  return array;
}

const round = (value: number) => Math.round(value * 100) / 100;
