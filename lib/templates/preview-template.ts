import "server-only";
import { parseAgreementBlocks } from "@/lib/agreements/agreement-blocks";
import { agreementHtml } from "@/lib/agreements/agreement-html";
import { placeholderValues, renderAgreementText } from "@/lib/agreements/agreement-template";
import { signedAgreementText } from "@/lib/agreements/signed-text";
import { sha256Hex } from "@/lib/crypto/hashing";
import { renderAgreementPdf } from "@/lib/pdf/render-agreement-pdf";
import type { TemplateDefinition } from "./template-definition";

// A template filled with sample data by the code that issues, shows and seals real agreements:
// renderAgreementText and signedAgreementText, then parseAgreementBlocks for agreementHtml (the
// signing page) and renderAgreementPdf (the sealed PDF). Each choice is answered with its first
// option, as if the author had picked it.

export const SAMPLE_PAPER = {
  articleTitle: "Learning to Sign: A Sample Article for Previewing Agreements",
  authors: ["Ada Lovelace", "Émilie du Châtelet", "Sofia Kovalevskaya"],
  correspondingAuthorName: "Ada Lovelace",
  correspondingAuthorEmail: "ada@example.org",
  publisher: "Sample Publisher",
  proceedingsName: "Proceedings of the Sample Conference 2026",
  paperId: "sample26a",
};

/** The agreement text an author would sign, for the sample paper and each choice's first option. */
export function sampleAgreementText(definition: Pick<TemplateDefinition, "body" | "choices">, at = new Date()): string {
  const values = placeholderValues({ ...SAMPLE_PAPER, issuedAt: at });
  const answers = definition.choices.map(({ key, question, options: [first] }) => ({
    key,
    question,
    value: first.value,
    label: first.label,
    detail: first.detail ? "(what the author writes here)" : undefined,
  }));
  return signedAgreementText(renderAgreementText(definition.body, values), definition.choices, answers, values);
}

/** The preview as the signing page shows it: the inside of its <article>. */
export function previewTemplateHtml(definition: Pick<TemplateDefinition, "body" | "choices">): string {
  const blocks = parseAgreementBlocks(sampleAgreementText(definition));
  return agreementHtml(blocks, [SAMPLE_PAPER.articleTitle, SAMPLE_PAPER.correspondingAuthorName]);
}

/** The preview as the sealed PDF sets it (unsealed: it is marked as a preview on its certificate). */
export async function previewTemplatePdf(definition: Pick<TemplateDefinition, "body" | "choices">) {
  const at = new Date();
  const text = sampleAgreementText(definition, at);
  return renderAgreementPdf({
    agreementId: "PREVIEW — sample data, not an agreement",
    blocks: parseAgreementBlocks(text),
    textSha256: sha256Hex(text),
    publisherName: SAMPLE_PAPER.publisher,
    proceedingsName: SAMPLE_PAPER.proceedingsName,
    articleTitle: SAMPLE_PAPER.articleTitle,
    correspondingAuthorName: SAMPLE_PAPER.correspondingAuthorName,
    correspondingAuthorEmail: SAMPLE_PAPER.correspondingAuthorEmail,
    authors: SAMPLE_PAPER.authors,
    signatureName: SAMPLE_PAPER.correspondingAuthorName,
    signedAt: at,
    evidence: {
      invitedEmail: SAMPLE_PAPER.correspondingAuthorEmail,
      events: [
        {
          type: "agreement.signed",
          label: "Signed (sample)",
          occurredAt: at,
          actor: SAMPLE_PAPER.correspondingAuthorName,
          ip: null,
          userAgent: null,
        },
      ],
      chainHead: "0".repeat(64),
      sealedBy: "Not sealed: a preview",
      sealTime: { kind: "server_clock" },
    },
  });
}
