import "server-only";
import { rgb, type PDFDocument, type PDFPage } from "pdf-lib";
import { baselineIn, drawTextLine } from "./draw-text-line";
import type { FontBook } from "./embed-faces";
import { RULE_ABOVE_GAP, RULE_BELOW_GAP, type LaidParagraph } from "./paragraph-layout";

export type PageFrame = {
  size: [number, number];
  margins: { top: number; right: number; bottom: number; left: number };
};

const INK = rgb(0, 0, 0);

/** Sets the paragraphs top to bottom, starting a new page whenever the next line would not fit. */
export function flowParagraphs(doc: PDFDocument, book: FontBook, paragraphs: LaidParagraph[], frame: PageFrame): PDFPage[] {
  const pages: PDFPage[] = [];
  const top = frame.size[1] - frame.margins.top;
  const bottom = frame.margins.bottom;
  const left = frame.margins.left;
  let page = doc.addPage(frame.size);
  let y = top;
  pages.push(page);
  const newPage = () => {
    page = doc.addPage(frame.size);
    pages.push(page);
    y = top;
  };

  paragraphs.forEach((paragraph, index) => {
    const { spec, lineHeight } = paragraph;
    const color = spec.color ?? INK;
    const startsGroup = index === 0 || !paragraphs[index - 1].spec.keepWithNext;
    const groupHeight = startsGroup ? heightKeptTogether(paragraphs, index) : 0;
    if (y < top && y - groupHeight < bottom && groupHeight <= top - bottom) newPage();
    if (y < top) y -= spec.spaceBefore ?? 0;

    if (spec.ruleAbove) {
      if (y - RULE_ABOVE_GAP - lineHeight < bottom) newPage();
      const ruleY = y - RULE_ABOVE_GAP / 2;
      page.drawLine({ start: { x: left + paragraph.indent, y: ruleY }, end: { x: left + paragraph.indent + spec.ruleAbove, y: ruleY }, thickness: 0.5, color });
      y -= RULE_ABOVE_GAP;
    }

    let baseline = y;
    paragraph.lines.forEach((line, lineIndex) => {
      if (y - lineHeight < bottom) newPage();
      baseline = baselineIn(y, lineHeight, spec.size);
      const placement = { baseline, size: spec.size, color };
      if (lineIndex === 0 && paragraph.label && spec.label) {
        const labelLine = { start: 0, end: paragraph.label.text.length, width: 0 };
        const size = spec.label.size ?? spec.size;
        drawTextLine(page, book, paragraph.label, labelLine, { ...placement, size, x: left + spec.label.indent });
      }
      const centring = spec.align === "center" ? (paragraph.width - line.width) / 2 : 0;
      drawTextLine(page, book, paragraph.body, line, { ...placement, x: left + paragraph.indent + centring });
      y -= lineHeight;
    });

    if (spec.ruleBelow) {
      const ruleY = baseline - spec.size * 0.3;
      page.drawLine({ start: { x: left + paragraph.indent, y: ruleY }, end: { x: left + paragraph.indent + paragraph.width, y: ruleY }, thickness: 0.6, color });
      y -= RULE_BELOW_GAP;
    }
  });
  return pages;
}

function heightKeptTogether(paragraphs: LaidParagraph[], start: number): number {
  let height = 0;
  for (let index = start; index < paragraphs.length; index++) {
    height += paragraphs[index].height;
    if (!paragraphs[index].spec.keepWithNext) break;
  }
  return height;
}
