import "server-only";
import type { PDFDocument, PDFFont } from "pdf-lib";
import { fontkitForPdfLib } from "./fontkit-adapter";
import { loadFace, type FaceKey } from "./fonts";
import { sameFaceStretches, type FacedText } from "./text-runs";

/** The faces embedded in one document, and text measurement with exactly those fonts. */
export type FontBook = {
  font(face: FaceKey): PDFFont;
  measure(faced: FacedText, size: number): (start: number, end: number) => number;
};

/**
 * Embeds each face as a subset (only the glyphs drawn), so a document with a few Chinese names
 * carries kilobytes of the 8 MB Chinese face, not all of it.
 */
export async function embedFaces(doc: PDFDocument, faces: Iterable<FaceKey>): Promise<FontBook> {
  doc.registerFontkit(fontkitForPdfLib);
  const embedded = new Map<FaceKey, PDFFont>();
  const sorted = [...new Set(faces)].sort();
  for (const [index, face] of sorted.entries()) {
    const { bytes, font } = loadFace(face);
    // A fixed subset tag instead of pdf-lib's random-looking suffix keeps the bytes reproducible;
    // the "ABCDEF+" shape is how PDF readers recognise a subset font.
    const customName = `${subsetTag(index)}+${font.postscriptName}`;
    embedded.set(face, await doc.embedFont(bytes, { subset: true, customName }));
  }

  const font = (face: FaceKey) => {
    const pdfFont = embedded.get(face);
    if (!pdfFont) throw new Error(`Face ${face} was not embedded`);
    return pdfFont;
  };
  const widths = new Map<string, number>();
  const widthOf = (face: FaceKey, text: string, size: number) => {
    const key = `${face}\u0000${size}\u0000${text}`;
    let width = widths.get(key);
    if (width === undefined) {
      width = font(face).widthOfTextAtSize(text, size);
      widths.set(key, width);
    }
    return width;
  };

  return {
    font,
    measure: (faced, size) => (start, end) =>
      sameFaceStretches(faced, start, end).reduce(
        (total, stretch) => total + widthOf(stretch.face, faced.text.slice(stretch.start, stretch.end), size),
        0,
      ),
  };
}

function subsetTag(index: number): string {
  const letter = (n: number) => String.fromCharCode(65 + (n % 26));
  return `IMPR${letter(Math.floor(index / 26))}${letter(index)}`;
}
