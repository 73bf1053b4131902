import "server-only";
import type { ParagraphSpec } from "@/lib/pdf/layout/paragraph-layout";
import type { AgreementTextBlock, SignedAgreementPdfInput } from "./signed-agreement-pdf-input";

export const BODY_SIZE = 10.5;
const CLAUSE_INDENT = 20;

/** The agreement text set like the paper original: centred title, hanging clause numbers, footnote. */
export function agreementParagraphs(input: SignedAgreementPdfInput): ParagraphSpec[] {
  const emphasised = new Set([input.articleTitle, input.correspondingAuthorName].map(comparable));
  const specs: ParagraphSpec[] = [];
  let previous: AgreementTextBlock | undefined;

  for (const block of input.blocks) {
    const spaceBefore = previous === undefined ? 0 : previous.kind === "title" || previous.kind === "footnote" ? 14 : 8;
    switch (block.kind) {
      case "title":
        specs.push({
          spans: [{ text: block.text, style: "bold" }],
          size: 16,
          align: "center",
          leading: 1.3,
          spaceBefore,
        });
        break;
      case "paragraph": {
        // The article title and the signer's name sit on lines of their own, emphasised as on paper.
        const style = emphasised.has(comparable(block.text)) ? "bold" : "regular";
        specs.push({ spans: [{ text: block.text, style }], size: BODY_SIZE, spaceBefore });
        break;
      }
      case "clause":
        specs.push(numbered(block.number, block.text, 0, previous?.kind === "clause" ? 5 : spaceBefore));
        for (const sub of block.subclauses) specs.push(numbered(sub.number, sub.text, CLAUSE_INDENT, 4));
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

function numbered(number: string, text: string, labelIndent: number, spaceBefore: number): ParagraphSpec {
  return {
    spans: [{ text, style: "regular" }],
    size: BODY_SIZE,
    indent: labelIndent + CLAUSE_INDENT,
    label: { spans: [{ text: `${number}.`, style: "regular" }], indent: labelIndent },
    spaceBefore,
  };
}

function comparable(text: string): string {
  return text.normalize("NFC").trim().replace(/\.$/, "").trim();
}
