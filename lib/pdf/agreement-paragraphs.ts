import "server-only";
import type { ParagraphSpec } from "@/lib/pdf/layout/paragraph-layout";
import type { Span } from "@/lib/pdf/fonts/text-runs";
import type { AgreementTextBlock, SignedAgreementPdfInput, TextSpan } from "./signed-agreement-pdf-input";

export const BODY_SIZE = 10.5;
const CLAUSE_INDENT = 20;

/** The agreement text set like the paper original: centred title, hanging clause numbers, footnote. */
export function agreementParagraphs(input: SignedAgreementPdfInput): ParagraphSpec[] {
  const emphasised = new Set([input.articleTitle, input.correspondingAuthorName].map(comparable));
  const specs: ParagraphSpec[] = [];
  let previous: AgreementTextBlock | undefined;

  for (const block of input.blocks) {
    const spaceBefore = previous === undefined ? 0 : ["title", "heading", "footnote"].includes(previous.kind) ? 14 : 8;
    switch (block.kind) {
      case "title":
        specs.push({
          spans: spansOf(block, "bold"),
          size: 16,
          align: "center",
          leading: 1.3,
          spaceBefore,
        });
        break;
      case "heading":
        specs.push({
          spans: spansOf(block, "bold"),
          size: 12,
          leading: 1.3,
          spaceBefore: previous === undefined ? 0 : 16,
          keepWithNext: true,
        });
        break;
      case "paragraph": {
        // The article title and the signer's name sit on lines of their own, emphasised as on paper.
        const spans = emphasised.has(comparable(block.text)) ? spansOf({ text: block.text }, "bold") : spansOf(block);
        specs.push({ spans, size: BODY_SIZE, spaceBefore });
        break;
      }
      case "clause":
        specs.push(numbered(block.number, spansOf(block), 0, previous?.kind === "clause" ? 5 : spaceBefore));
        for (const sub of block.subclauses) specs.push(numbered(sub.number, spansOf(sub), CLAUSE_INDENT, 4));
        break;
      case "footnote":
        specs.push({
          spans: [{ text: `${block.marker}${block.text}`, style: "regular" }],
          size: 8.5,
          leading: 1.35,
          spaceBefore: 12,
          ruleAbove: 72,
        });
        break;
      case "affirmation":
        specs.push({
          spans: [{ text: block.text, style: "bold" }],
          size: BODY_SIZE,
          spaceBefore: 18,
          keepWithNext: true,
        });
        break;
      case "choice":
        specs.push({ spans: [{ text: `[Answer to “${block.key}”]`, style: "regular" }], size: BODY_SIZE, spaceBefore });
        break;
    }
    previous = block;
  }
  return specs;
}

/** The line's spans: its markup emphasis, or all of it in `style`. */
function spansOf(line: { text: string; spans?: readonly TextSpan[] }, style: "regular" | "bold" = "regular"): Span[] {
  if (!line.spans) return [{ text: line.text, style }];
  return line.spans.map((span) => ({ text: span.text, style: span.style === "regular" ? style : span.style }));
}

function numbered(number: string, spans: Span[], labelIndent: number, spaceBefore: number): ParagraphSpec {
  return {
    spans,
    size: BODY_SIZE,
    indent: labelIndent + CLAUSE_INDENT,
    label: { spans: [{ text: `${number}.`, style: "regular" }], indent: labelIndent },
    spaceBefore,
  };
}

function comparable(text: string): string {
  return text.normalize("NFC").trim().replace(/\.$/, "").trim();
}
