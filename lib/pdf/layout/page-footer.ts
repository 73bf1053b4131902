import "server-only";
import { rgb } from "pdf-lib";
import { drawTextLine } from "./draw-text-line";
import type { FontBook } from "@/lib/pdf/fonts/font-book";
import { breakIntoLines } from "./line-breaking";
import type { PageCanvas } from "./page-canvas";
import type { PageFrame } from "./page-flow";
import { prepareText, type PreparedText } from "./paragraph-layout";

const FOOTER_SIZE = 7.5;
const FOOTER_GREY = rgb(0.45, 0.45, 0.45);

/** Ties every printed page to the stored agreement and its exact text. */
export function footerText(
  agreementId: string,
  textSha256: string,
  pageNumber: number,
  pageCount: number,
): PreparedText {
  const hash = textSha256.slice(0, 16);
  return prepareText([
    { text: `Agreement ${agreementId} · text SHA-256 ${hash}… · page ${pageNumber} of ${pageCount}`, style: "regular" },
  ]);
}

export function drawFooter(canvas: PageCanvas, book: FontBook, footer: PreparedText, frame: PageFrame) {
  const width = frame.size[0] - frame.margins.left - frame.margins.right;
  const lineHeight = FOOTER_SIZE * 1.3;
  // An absurdly long agreement id must not climb into the body text.
  const lines = breakIntoLines(footer.text, width, book.measure(footer, FOOTER_SIZE)).slice(0, 3);
  let baseline = frame.margins.bottom / 2 + (lines.length - 1) * lineHeight;
  for (const line of lines) {
    const x = frame.margins.left + (width - line.width) / 2;
    drawTextLine(canvas, book, footer, line, { x, baseline, size: FOOTER_SIZE, color: FOOTER_GREY });
    baseline -= lineHeight;
  }
}
