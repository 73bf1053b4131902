import "server-only";
import { rgb, type PDFDocument } from "pdf-lib";
import { baselineIn, drawTextLine } from "./draw-text-line";
import type { FontBook } from "@/lib/pdf/fonts/font-book";
import { createPageCanvas, type PageCanvas } from "./page-canvas";
import {
  layParagraph,
  prepareParagraph,
  RULE_ABOVE_GAP,
  RULE_BELOW_GAP,
  type LaidParagraph,
  type ParagraphSpec,
} from "./paragraph-layout";
import { drawRow, layRow, rowLineCount, rowLinesFitting, type LaidRow, type TableRowSpec } from "./table-layout";

export type PageFrame = {
  size: [number, number];
  margins: { top: number; right: number; bottom: number; left: number };
};

export type FlowSpec = ParagraphSpec | TableRowSpec;
export type FlowItem = LaidParagraph | LaidRow;

/** Breaks every paragraph and table cell into lines for a text column `width` points wide. */
export function layItems(specs: FlowSpec[], book: FontBook, width: number): FlowItem[] {
  return specs.map((spec) =>
    spec.kind === "row" ? layRow(spec, book) : layParagraph(prepareParagraph(spec), book, width),
  );
}

const INK = rgb(0, 0, 0);

/** Sets the items top to bottom, starting a new page whenever the next line or row would not fit. */
export function flowItems(doc: PDFDocument, book: FontBook, items: FlowItem[], frame: PageFrame): PageCanvas[] {
  const pages: PageCanvas[] = [];
  const top = frame.size[1] - frame.margins.top;
  const bottom = frame.margins.bottom;
  const left = frame.margins.left;
  let canvas: PageCanvas;
  let y = top;
  const newPage = () => {
    canvas = createPageCanvas(doc, frame.size);
    pages.push(canvas);
    y = top;
  };
  newPage();

  const drawParagraph = (paragraph: LaidParagraph) => {
    const { spec, lineHeight, size } = paragraph;
    const color = spec.color ?? INK;
    if (spec.ruleAbove) {
      if (y - RULE_ABOVE_GAP - lineHeight < bottom) newPage();
      const ruleY = y - RULE_ABOVE_GAP / 2;
      canvas.line(
        { x: left + paragraph.indent, y: ruleY },
        { x: left + paragraph.indent + spec.ruleAbove, y: ruleY },
        0.5,
        color,
      );
      y -= RULE_ABOVE_GAP;
    }
    let baseline = y;
    paragraph.lines.forEach((line, lineIndex) => {
      if (y - lineHeight < bottom) newPage();
      baseline = baselineIn(y, lineHeight, size);
      const placement = { baseline, size, color };
      if (lineIndex === 0 && paragraph.label && spec.label) {
        const labelLine = { start: 0, end: paragraph.label.text.length, width: 0 };
        const labelSize = spec.label.size ?? size;
        drawTextLine(canvas, book, paragraph.label, labelLine, {
          ...placement,
          size: labelSize,
          x: left + spec.label.indent,
        });
      }
      const centring = spec.align === "center" ? (paragraph.width - line.width) / 2 : 0;
      drawTextLine(canvas, book, paragraph.body, line, { ...placement, x: left + paragraph.indent + centring });
      y -= lineHeight;
    });
    if (spec.ruleBelow) {
      // Just under the baseline, so a signature's descenders cross the line as on paper.
      const ruleY = baseline - size * 0.15;
      canvas.line(
        { x: left + paragraph.indent, y: ruleY },
        { x: left + paragraph.indent + paragraph.width, y: ruleY },
        0.6,
        color,
      );
      y -= RULE_BELOW_GAP;
    }
  };

  // A table continued on a new page gets its header row again.
  const newPageFor = (item: FlowItem) => {
    newPage();
    if (item.kind === "row" && item.header) {
      drawRow(canvas, book, item.header, left, y);
      y -= item.header.rowHeight;
    }
  };

  const drawTableRow = (row: LaidRow) => {
    // Whole rows move to the next page; only a row taller than a page is split.
    const fitsOnAPage = row.rowHeight + (row.header?.rowHeight ?? 0) <= top - bottom;
    if (y - row.rowHeight < bottom && y < top && fitsOnAPage) newPageFor(row);
    const lines = rowLineCount(row);
    for (let from = 0; from < lines;) {
      const to = Math.min(lines, from + Math.max(1, rowLinesFitting(row, y - bottom)));
      y -= drawRow(canvas, book, row, left, y, from, to);
      from = to;
      if (from < lines) newPageFor(row);
    }
  };

  items.forEach((item, index) => {
    const { spec } = item;
    const startsGroup = index === 0 || !items[index - 1].spec.keepWithNext;
    const groupHeight = startsGroup ? heightKeptTogether(items, index) : 0;
    if (y < top && (spec.pageBreakBefore || (y - groupHeight < bottom && groupHeight <= top - bottom)))
      newPageFor(item);
    if (y < top) y -= spec.spaceBefore ?? 0;
    if (item.kind === "row") drawTableRow(item);
    else drawParagraph(item);
  });
  return pages;
}

function heightKeptTogether(items: FlowItem[], start: number): number {
  let height = 0;
  for (let index = start; index < items.length; index++) {
    height += items[index].height;
    if (!items[index].spec.keepWithNext) break;
  }
  return height;
}
