import "server-only";
import { deflateSync } from "node:zlib";
import { PDFName, type Color, type PDFDocument } from "pdf-lib";
import type { DocumentFont } from "@/lib/pdf/fonts/document-font";
import type { ShapedRun } from "@/lib/pdf/fonts/glyph-runs";
import { hex4 } from "@/lib/pdf/fonts/to-unicode-cmap";

export type TextPlacement = { x: number; baseline: number; size: number; color: Color };
type Point = { x: number; y: number };

/** One page's drawing, written as PDF content operators and stored when the page is finished. */
export type PageCanvas = {
  /** Draws a shaped run with its left edge at `x` and returns its width in points. */
  showRun(font: DocumentFont, run: ShapedRun, at: TextPlacement): number;
  line(from: Point, to: Point, thickness: number, color: Color): void;
  finish(): void;
};

/**
 * Adds a page to `doc`. The content stream is written here rather than through pdf-lib's drawing
 * calls, which would shape every string again and pass each operator through an object model:
 * a signed agreement is a few hundred short text runs, and this keeps that cheap.
 */
export function createPageCanvas(doc: PDFDocument, size: [number, number]): PageCanvas {
  const page = doc.addPage(size);
  const context = doc.context;
  const operators: string[] = [];
  const fontNames = new Map<DocumentFont, string>();
  let fill = "";
  let stroke = "";
  let textState = "";

  const fontName = (font: DocumentFont) => {
    let name = fontNames.get(font);
    if (!name) fontNames.set(font, (name = `F${fontNames.size + 1}`));
    return name;
  };

  return {
    showRun(font, run, at) {
      const codes = font.codes(run);
      const scale = at.size / font.unitsPerEm;
      if (codes.length === 0) return 0;
      const fillColor = `${colorOperands(at.color)} rg`;
      if (fillColor !== fill) operators.push((fill = fillColor));
      const state = `/${fontName(font)} ${num(at.size)} Tf`;
      const setFont = state === textState ? "" : `${(textState = state)} `;
      operators.push(
        `BT ${setFont}${num(at.x)} ${num(at.baseline)} Td ${showOperator(codes, run, font.unitsPerEm)} ET`,
      );
      return run.advance * scale;
    },
    line(from, to, thickness, color) {
      const strokeColor = `${num(thickness)} w ${colorOperands(color)} RG`;
      if (strokeColor !== stroke) operators.push((stroke = strokeColor));
      operators.push(`${num(from.x)} ${num(from.y)} m ${num(to.x)} ${num(to.y)} l S`);
    },
    finish() {
      const content = deflateSync(Buffer.from(operators.join("\n"), "latin1"));
      const fonts = Object.fromEntries([...fontNames].map(([font, name]) => [name, font.ref]));
      page.node.set(PDFName.of("Resources"), context.obj({ Font: fonts }));
      page.node.set(PDFName.of("Contents"), context.register(context.stream(content, { Filter: "FlateDecode" })));
    },
  };
}

/** Tj for plain runs; TJ where shaping moved glyphs closer or apart (kerning, joined script). */
function showOperator(codes: number[], run: ShapedRun, unitsPerEm: number): string {
  const kerned = run.advances.some((advance, index) => advance !== run.widths[index]);
  if (!kerned) return `<${codes.map(hex4).join("")}> Tj`;
  const parts: string[] = [];
  let pending = "";
  codes.forEach((code, index) => {
    pending += hex4(code);
    // TJ numbers are thousandths of the type size, subtracted from the position.
    const adjustment = ((run.widths[index] - run.advances[index]) * 1000) / unitsPerEm;
    if (Math.abs(adjustment) >= 0.01) {
      parts.push(`<${pending}>`, num(adjustment));
      pending = "";
    }
  });
  if (pending) parts.push(`<${pending}>`);
  return `[${parts.join(" ")}] TJ`;
}

function colorOperands(color: Color): string {
  if ("red" in color) return `${num(color.red)} ${num(color.green)} ${num(color.blue)}`;
  if ("gray" in color) return `${num(color.gray)} ${num(color.gray)} ${num(color.gray)}`;
  throw new Error("Only RGB and grey ink are supported");
}

/** A PDF number: at most three decimals, no exponent, no negative zero. */
function num(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  return rounded === 0 ? "0" : String(rounded);
}
