import "server-only";
import type { FontBook } from "@/lib/pdf/fonts/font-book";
import { shapeRun } from "@/lib/pdf/fonts/glyph-runs";
import type { LineRange } from "./line-breaking";
import type { PageCanvas, TextPlacement } from "./page-canvas";
import type { PreparedText } from "./paragraph-layout";
import { visualRuns } from "./visual-runs";

export type { TextPlacement } from "./page-canvas";

/** Draws one wrapped line starting at x, each piece in its own face, in visual order. */
export function drawTextLine(
  canvas: PageCanvas,
  book: FontBook,
  text: PreparedText,
  line: LineRange,
  at: TextPlacement,
) {
  let x = at.x;
  for (const run of visualRuns(text, text.levels, line.start, line.end)) {
    x += canvas.showRun(book.font(run.face), shapeRun(run.face, run.text, run.rtl), { ...at, x });
  }
}

/** The baseline for text of `size` set in a line box `lineHeight` tall whose top is at `top`. */
export function baselineIn(top: number, lineHeight: number, size: number): number {
  return top - (lineHeight - size) / 2 - size * 0.8;
}
