import "server-only";
import { rgb, type Color } from "pdf-lib";
import { baselineIn, drawTextLine } from "./draw-text-line";
import type { FontBook } from "@/lib/pdf/fonts/font-book";
import { breakIntoLines, type LineRange } from "./line-breaking";
import type { PageCanvas } from "./page-canvas";
import { prepareText, type PreparedText } from "./paragraph-layout";
import type { Span } from "@/lib/pdf/fonts/text-runs";

/**
 * One row of a table whose cells wrap within their columns. A row moves to the next page whole;
 * only one taller than a page is split.
 */
export type TableRowSpec = {
  kind: "row";
  /** Column widths in points, left to right, with `gap` between them. */
  columns: number[];
  cells: Span[][];
  size: number;
  leading?: number;
  gap?: number;
  color?: Color;
  spaceBefore?: number;
  keepWithNext?: boolean;
  pageBreakBefore?: boolean;
  /** A hairline under the row. */
  ruleBelow?: { thickness: number; color: Color };
  /** Drawn again above this row when it has to start a new page. */
  header?: TableRowSpec;
};

export type LaidRow = {
  kind: "row";
  spec: TableRowSpec;
  cells: { text: PreparedText; lines: LineRange[]; x: number }[];
  lineHeight: number;
  /** Height of the row itself, without the space before it. */
  rowHeight: number;
  height: number;
  header?: LaidRow;
};

const PADDING = 2.5;
const INK = rgb(0, 0, 0);

export function layRow(spec: TableRowSpec, book: FontBook): LaidRow {
  const gap = spec.gap ?? 8;
  let x = 0;
  const cells = spec.cells.map((spans, index) => {
    const text = prepareText(spans);
    const width = spec.columns[index];
    const cell = { text, lines: breakIntoLines(text.text, width, book.measure(text, spec.size)), x };
    x += width + gap;
    return cell;
  });
  const lineHeight = spec.size * (spec.leading ?? 1.35);
  const rowHeight = 2 * PADDING + Math.max(...cells.map((cell) => cell.lines.length)) * lineHeight;
  const header = spec.header && layHeader(spec.header, book);
  return { kind: "row", spec, cells, lineHeight, rowHeight, height: (spec.spaceBefore ?? 0) + rowHeight, header };
}

// Every row of a table repeats the same header; lay it out once.
const laidHeaders = new WeakMap<TableRowSpec, LaidRow>();

function layHeader(spec: TableRowSpec, book: FontBook): LaidRow {
  let laid = laidHeaders.get(spec);
  if (!laid) laidHeaders.set(spec, (laid = layRow(spec, book)));
  return laid;
}

export function rowLineCount(row: LaidRow): number {
  return Math.max(...row.cells.map((cell) => cell.lines.length));
}

/** Rows this many lines tall, and their padding, fit in `height` points. */
export function rowLinesFitting(row: LaidRow, height: number): number {
  return Math.floor((height - 2 * PADDING) / row.lineHeight);
}

/**
 * Draws lines [from, to) of every cell with the top edge at `top`, and returns the height used.
 * Only a row taller than a page is drawn in parts; its rule goes under the last part.
 */
export function drawRow(
  canvas: PageCanvas,
  book: FontBook,
  row: LaidRow,
  left: number,
  top: number,
  from = 0,
  to = rowLineCount(row),
) {
  const color = row.spec.color ?? INK;
  for (const cell of row.cells) {
    for (let index = from; index < Math.min(to, cell.lines.length); index++) {
      const baseline = baselineIn(top - PADDING - (index - from) * row.lineHeight, row.lineHeight, row.spec.size);
      drawTextLine(canvas, book, cell.text, cell.lines[index], {
        x: left + cell.x,
        baseline,
        size: row.spec.size,
        color,
      });
    }
  }
  const height = 2 * PADDING + (to - from) * row.lineHeight;
  const rule = row.spec.ruleBelow;
  if (rule && to === rowLineCount(row)) {
    const width =
      row.spec.columns.reduce((sum, column) => sum + column, 0) + (row.spec.columns.length - 1) * (row.spec.gap ?? 8);
    canvas.line({ x: left, y: top - height }, { x: left + width, y: top - height }, rule.thickness, rule.color);
  }
  return height;
}
