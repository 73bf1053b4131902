import "server-only";
import type { PDFDocument } from "pdf-lib";
import { createDocumentFont, type DocumentFont } from "./document-font";
import { loadFace, type FaceKey } from "./fonts";
import { advanceOf } from "./glyph-runs";
import type { MeasureText } from "@/lib/pdf/layout/line-breaking";
import type { FacedText } from "./text-runs";

/** The faces one document draws with, and text measurement that matches the drawing. */
export type FontBook = {
  /** Width in points of a logical range of `faced`, each stretch in its own face. */
  measure(faced: FacedText, size: number): MeasureText;
  /** The document's font for `face`, created on first use. */
  font(face: FaceKey): DocumentFont;
  /** Writes every font drawn with into the document; call once, after the last page is drawn. */
  embedAll(): void;
};

export function createFontBook(doc: PDFDocument): FontBook {
  const fonts = new Map<FaceKey, DocumentFont>();
  const pointsPerUnit = (face: FaceKey, size: number) => size / loadFace(face).font.unitsPerEm;

  return {
    measure: (faced, size) => (start, end) => {
      let width = 0;
      let from = start;
      for (let index = start + 1; index <= end; index++) {
        if (index < end && faced.faces[index] === faced.faces[from]) continue;
        const face = faced.faces[from];
        width += advanceOf(face, faced.text.slice(from, index)) * pointsPerUnit(face, size);
        from = index;
      }
      return width;
    },
    font(face) {
      let font = fonts.get(face);
      if (!font) fonts.set(face, (font = createDocumentFont(doc.context, face)));
      return font;
    },
    embedAll() {
      // Tags follow the face names, not the order of first use, and are fixed rather than pdf-lib's
      // random-looking suffix, so the bytes are reproducible; "ABCDEF+" is how readers recognise
      // a subset font.
      [...fonts.keys()].sort().forEach((face, index) => fonts.get(face)!.embed(subsetTag(index)));
    },
  };
}

function subsetTag(index: number): string {
  const letter = (n: number) => String.fromCharCode(65 + (n % 26));
  return `IMPR${letter(Math.floor(index / 26))}${letter(index)}`;
}
