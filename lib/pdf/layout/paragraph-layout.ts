import "server-only";
import type { EmbeddingLevels } from "bidi-js";
import type { Color } from "pdf-lib";
import type { FontBook } from "@/lib/pdf/fonts/font-book";
import { breakIntoLines, type LineRange } from "./line-breaking";
import { faceText, type FacedText, type Span } from "@/lib/pdf/fonts/text-runs";
import { embeddingLevels } from "./visual-runs";

/** How one paragraph should look; positions are relative to the left margin, in points. */
export type ParagraphSpec = {
  kind?: "paragraph";
  spans: Span[];
  size: number;
  indent?: number;
  /** Width of the text column; the rest of the line by default. */
  width?: number;
  align?: "left" | "center";
  /** Drawn on the first line at its own indent: a clause number or a field name. */
  label?: { spans: Span[]; indent: number; size?: number };
  spaceBefore?: number;
  /** Line height as a multiple of the type size. */
  leading?: number;
  color?: Color;
  /** Moves to the next page together with the following paragraph rather than end a page alone. */
  keepWithNext?: boolean;
  /** Starts a new page. */
  pageBreakBefore?: boolean;
  /** Sets a one-line text smaller, down to this size, rather than wrap it. */
  shrinkToFit?: number;
  /** A short rule above the text, the way a footnote is set off from the body. */
  ruleAbove?: number;
  /** A rule under the text across the column, as under a signature. */
  ruleBelow?: boolean;
};

export type PreparedText = FacedText & { levels: EmbeddingLevels };
export type PreparedParagraph = { spec: ParagraphSpec; body: PreparedText; label?: PreparedText };

export type LaidParagraph = PreparedParagraph & {
  kind: "paragraph";
  /** The type size used: `spec.size` unless shrunk to fit. */
  size: number;
  lines: LineRange[];
  indent: number;
  width: number;
  lineHeight: number;
  height: number;
};

export const RULE_ABOVE_GAP = 8;
export const RULE_BELOW_GAP = 4;

// The agreement's clauses are the same in every document of a template, so their prepared form
// (a pure function of the spans) is kept, up to a bound.
const PREPARED_LIMIT = 1000;
const prepared = new Map<string, PreparedText>();

/** Faces and bidi levels for the spans; shared between documents, so never mutate the result. */
export function prepareText(spans: Span[]): PreparedText {
  const key = spans.map((span) => `${span.style}\u0001${span.face ?? ""}\u0001${span.text}`).join("\u0002");
  const cached = prepared.get(key);
  if (cached) return cached;
  const faced = faceText(spans);
  const text = { ...faced, levels: embeddingLevels(faced.text) };
  if (prepared.size >= PREPARED_LIMIT) prepared.delete(prepared.keys().next().value!);
  prepared.set(key, text);
  return text;
}

export function prepareParagraph(spec: ParagraphSpec): PreparedParagraph {
  return { spec, body: prepareText(spec.spans), label: spec.label && prepareText(spec.label.spans) };
}

export function layParagraph(paragraph: PreparedParagraph, book: FontBook, columnWidth: number): LaidParagraph {
  const { spec } = paragraph;
  const indent = spec.indent ?? 0;
  const width = Math.min(spec.width ?? columnWidth - indent, columnWidth - indent);
  const size = fittingSize(paragraph, book, width);
  const lines = breakIntoLines(paragraph.body.text, width, book.measure(paragraph.body, size));
  const lineHeight = size * (spec.leading ?? 1.45);
  const height =
    (spec.spaceBefore ?? 0) +
    (spec.ruleAbove ? RULE_ABOVE_GAP : 0) +
    lines.length * lineHeight +
    (spec.ruleBelow ? RULE_BELOW_GAP : 0);
  return { ...paragraph, kind: "paragraph", size, lines, indent, width, lineHeight, height };
}

function fittingSize({ spec, body }: PreparedParagraph, book: FontBook, width: number): number {
  if (!spec.shrinkToFit) return spec.size;
  const natural = book.measure(body, spec.size)(0, body.text.length);
  return natural <= width ? spec.size : Math.max(spec.shrinkToFit, (spec.size * width * 0.999) / natural);
}
