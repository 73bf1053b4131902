// Upstream fontkit 2 ships no types; this declares only what lib/pdf uses.
declare module "fontkit" {
  export interface Glyph {
    id: number;
    codePoints: number[];
    advanceWidth: number;
  }

  export interface GlyphRun {
    glyphs: Glyph[];
    direction: "ltr" | "rtl";
  }

  export interface Subset {
    includeGlyph(glyph: number | Glyph): number;
    encode(): Uint8Array;
  }

  export interface Font {
    postscriptName: string;
    unitsPerEm: number;
    GSUB?: unknown;
    GPOS?: unknown;
    hasGlyphForCodePoint(codePoint: number): boolean;
    layout(text: string): GlyphRun;
    createSubset(): Subset;
  }

  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
