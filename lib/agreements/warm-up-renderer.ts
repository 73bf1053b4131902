import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { renderAgreementPdf } from "@/lib/pdf/render-agreement-pdf";
import { parseAgreementBlocks } from "./agreement-blocks";

// The default template's text with its placeholders filled crudely: the warm-up needs the layout
// of a real agreement, not agreement-template.ts, which brings zod (0.8 MB of source that a
// sealing thread would keep for its whole life) for the templates' schemas.
const TEMPLATE_FILE = "lib/agreements/templates/pmlr-publication-agreement.template.txt";

// A few different names, so the handwriting shaping and the clause layout are exercised too.
const SAMPLE_NAMES = ["Ada Lovelace", "Émilie du Châtelet", "Sofia Kovalevskaya"];

/**
 * Renders a few throwaway agreements, so the first author to sign after a start does not wait
 * for the fonts to be read and parsed and the renderer to be compiled: the first render in a
 * process takes about 100 ms, against under 10 ms once warm. Takes about 130 ms itself. Covers
 * the Latin and handwriting faces; a CJK face is still parsed on first use.
 */
export async function warmUpAgreementRenderer(): Promise<void> {
  const template = readFileSync(path.join(process.cwd(), TEMPLATE_FILE), "utf8");
  const at = new Date(0);
  for (const name of SAMPLE_NAMES) {
    const values = { articleTitle: `Warm-up for ${name}`, correspondingAuthor: name, publisher: "Imprimatur" };
    await renderAgreementPdf({
      agreementId: "warm-up",
      blocks: parseAgreementBlocks(template.replace(/\{\{[^}]*\}\}/g, name)),
      textSha256: "0".repeat(64),
      publisherName: values.publisher,
      proceedingsName: "Warm-up",
      articleTitle: values.articleTitle,
      correspondingAuthorName: name,
      correspondingAuthorEmail: "warm-up@example.org",
      authors: [name],
      signatureName: name,
      signedAt: at,
      evidence: {
        invitedEmail: "warm-up@example.org",
        events: [
          {
            type: "agreement.signed",
            label: "Signed",
            occurredAt: at,
            actor: name,
            ip: "192.0.2.1",
            userAgent: "Mozilla/5.0",
          },
        ],
        chainHead: "0".repeat(64),
        sealedBy: "Warm-up",
        sealTime: { kind: "server_clock" },
      },
    });
  }
}
