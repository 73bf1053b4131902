import "server-only";
import { rgb } from "pdf-lib";
import { BODY_SIZE } from "./agreement-paragraphs";
import { formatUtc } from "@/lib/dates/format-utc";
import { handwritingFace } from "@/lib/pdf/fonts/handwriting-face";
import type { ParagraphSpec } from "@/lib/pdf/layout/paragraph-layout";
import type { SignedAgreementPdfInput } from "./signed-agreement-pdf-input";
import type { Span } from "@/lib/pdf/fonts/text-runs";

const FIELD_COLUMN = 130;
const SIGNATURE_SIZE = 24;
const SIGNATURE_WIDTH = 300;
const RECORD_SIZE = 8;
const RECORD_GREY = rgb(0.35, 0.35, 0.35);

/**
 * Corresponding author, then a paper-style signature block: the typed name in a handwriting face
 * on a rule, the name printed small beneath it, and the date.
 */
export function signatureParagraphs(input: SignedAgreementPdfInput): ParagraphSpec[] {
  const hand = handwritingFace(input.signatureName);
  const signature: Span = hand
    ? { text: input.signatureName, style: "regular", face: hand }
    : { text: input.signatureName, style: "italic" };
  return [
    field("Corresponding Author:", [{ text: input.correspondingAuthorName, style: "bold" }], 16),
    {
      ...field("Signed:", [signature], 12),
      size: SIGNATURE_SIZE,
      leading: 1.3,
      width: SIGNATURE_WIDTH,
      ruleBelow: true,
      // A long name shrinks rather than wraps: a signature is one line.
      shrinkToFit: 11,
    },
    // Printed beneath the line as on a paper form, so the name is legible whatever the hand.
    {
      spans: [{ text: input.signatureName, style: "regular" }],
      size: 8.5,
      indent: FIELD_COLUMN,
      width: SIGNATURE_WIDTH,
      color: RECORD_GREY,
      keepWithNext: true,
    },
    { ...field("Date:", [{ text: formatUtc(input.signedAt), style: "regular" }], 10), keepWithNext: false },
  ];
}

/** The facts behind the signature in small type, so a printout alone identifies what was signed. */
export function recordParagraphs(input: SignedAgreementPdfInput): ParagraphSpec[] {
  const rows: [string, string][] = [
    ["Article", input.articleTitle],
    ["Proceedings", input.proceedingsName],
    ["Publisher", input.publisherName],
    ["Authors", input.authors.join("; ")],
    ["Corresponding author", `${input.correspondingAuthorName} <${input.correspondingAuthorEmail}>`],
    ["Agreement", input.agreementId],
    ["Text SHA-256", input.textSha256],
  ];
  return rows.map(([name, value], index) => ({
    spans: [{ text: value, style: "regular" }],
    size: RECORD_SIZE,
    leading: 1.35,
    indent: 90,
    label: { spans: [{ text: `${name}:`, style: "regular" }], indent: 0 },
    spaceBefore: index === 0 ? 28 : 1,
    color: RECORD_GREY,
    keepWithNext: index === 0,
  }));
}

function field(name: string, value: Span[], spaceBefore: number): ParagraphSpec {
  return {
    spans: value,
    size: BODY_SIZE,
    indent: FIELD_COLUMN,
    label: { spans: [{ text: name, style: "regular" }], indent: 0, size: BODY_SIZE },
    spaceBefore,
    keepWithNext: true,
  };
}
