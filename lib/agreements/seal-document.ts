import "server-only";
import { releaseLargeFaces } from "@/lib/pdf/fonts/fonts";
import { renderAgreementDocument, type SignedAgreementPdfInput } from "@/lib/pdf/render-agreement-pdf";
import { sealPdf, type SealDetails, type SealedPdf } from "@/lib/signing/seal-pdf";
import type { SigningCertificate } from "@/lib/signing/signing-certificate";
import type { TimestampAuthority } from "@/lib/timestamp/timestamp-authority-settings";
import { parseAgreementBlocks } from "./agreement-blocks";

/**
 * Everything a seal needs besides the database, as plain data: it crosses to a sealing thread
 * (seal-threads.ts) by structured clone. The signed text travels as text and is parsed where it
 * is rendered.
 */
export type SealDocumentTask = {
  pdf: Omit<SignedAgreementPdfInput, "blocks"> & { text: string };
  details: SealDetails;
  timestampAuthority?: TimestampAuthority;
};

/** Renders the signed agreement and seals it: the CPU-heavy half of sealAgreement, no database. */
export async function renderAndSealDocument(
  task: SealDocumentTask,
  certificate: SigningCertificate,
): Promise<SealedPdf> {
  const { text, ...input } = task.pdf;
  const blocks = parseAgreementBlocks(text);
  const build = async () => {
    try {
      return await renderAgreementDocument({ ...input, blocks });
    } finally {
      releaseLargeFaces();
    }
  };
  // The rendered document is sealed as it is, saved once: the same bytes as saving it, parsing
  // that and saving again, which every seal did before.
  return sealPdf({ build }, certificate, task.details, { timestampAuthority: task.timestampAuthority });
}
