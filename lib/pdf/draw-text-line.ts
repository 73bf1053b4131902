import "server-only";
import type { Color, PDFFont, PDFPage } from "pdf-lib";
import type { FontBook } from "./embed-faces";
import type { LineRange } from "./line-breaking";
import type { PreparedText } from "./paragraph-layout";
import { visualRuns } from "./visual-runs";

export type LinePlacement = { x: number; baseline: number; size: number; color: Color };

// pdf-lib adds a font resource entry on every setFont, so switch only when the face changes.
const currentFont = new WeakMap<PDFPage, PDFFont>();

/** Draws one wrapped line starting at x, each piece in its own face, in visual order. */
export function drawTextLine(page: PDFPage, book: FontBook, text: PreparedText, line: LineRange, at: LinePlacement) {
  let x = at.x;
  for (const run of visualRuns(text, text.levels, line.start, line.end)) {
    const font = book.font(run.face);
    if (currentFont.get(page) !== font) {
      page.setFont(font);
      currentFont.set(page, font);
    }
    page.drawText(run.text, { x, y: at.baseline, size: at.size, color: at.color });
    x += font.widthOfTextAtSize(run.text, at.size);
  }
}

/** The baseline for text of `size` set in a line box `lineHeight` tall whose top is at `top`. */
export function baselineIn(top: number, lineHeight: number, size: number): number {
  return top - (lineHeight - size) / 2 - size * 0.8;
}
