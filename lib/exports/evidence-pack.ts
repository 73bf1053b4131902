import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { newestSignedPdf } from "@/lib/agreements/newest-signed-pdf";
import { zipCollector } from "@/lib/proceedings/bundle-zip";
import { storedChoiceAnswers } from "@/lib/agreements/stored-choice-answers";
import { chainProof } from "./chain-proof";

const utc = (date: Date | null) => (date ? date.toISOString() : null);
const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

/**
 * Everything needed to show, to someone who does not trust our database, what was signed and
 * what happened to it: the sealed PDF, the frozen text, every audit event with its hashes, and
 * the chain's state when the pack was made.
 */
export async function buildEvidencePack(agreementId: string, now = new Date()) {
  const agreement = await db.agreement.findUnique({
    where: { id: agreementId },
    include: {
      proceedings: { select: { id: true, name: true } },
      templateVersion: { select: { key: true, version: true, sha256: true } },
      signedDocument: true,
      auditEvents: { orderBy: { id: "asc" } },
    },
  });
  if (!agreement) throw new AppError("NOT_FOUND");
  const events = agreement.auditEvents.map((event) => ({
    id: String(event.id),
    agreementId: event.agreementId,
    type: event.type,
    actor: event.actor,
    occurredAt: event.occurredAt.toISOString(),
    ip: event.ip,
    userAgent: event.userAgent,
    data: event.data,
    prevHash: event.prevHash,
    hash: event.hash,
  }));
  // The newest version (the seal plus any document timestamps), which carries the whole evidence.
  const sealed = agreement.signedDocument && (await newestSignedPdf(agreement.id));
  const summary = {
    id: agreement.id,
    paperId: agreement.paperId,
    articleTitle: agreement.articleTitle,
    status: agreement.status,
    volume: agreement.proceedings,
    template: agreement.templateVersion,
    textSha256: agreement.textSha256,
    // With choices, what was signed is the text holding the chosen clauses (signed-text.txt).
    signedTextSha256: agreement.signedTextSha256,
    choiceAnswers: storedChoiceAnswers(agreement.choiceAnswers),
    parties: {
      publisher: agreement.publisherName,
      correspondingAuthor: { name: agreement.correspondingAuthorName, email: agreement.correspondingAuthorEmail },
      authors: agreement.authors,
      signatureName: agreement.signatureName,
    },
    dates: {
      issuedAt: utc(agreement.issuedAt),
      viewedAt: utc(agreement.viewedAt),
      signedAt: utc(agreement.signedAt),
      declinedAt: utc(agreement.declinedAt),
      voidedAt: utc(agreement.voidedAt),
      publishedAt: utc(agreement.publishedAt),
      sealedAt: utc(agreement.signedDocument?.sealedAt ?? null),
    },
    signedPdf: sealed ? { file: "signed-agreement.pdf", sha256: sealed.sha256, sizeBytes: sealed.sizeBytes } : null,
    supersedesId: agreement.supersedesId,
  };
  const proof = await chainProof(
    events.map(({ id, prevHash, hash }) => ({ id, prevHash, hash })),
    now,
  );
  const zip = zipCollector();
  if (sealed) zip.add("signed-agreement.pdf", sealed.pdf, sealed.madeAt);
  zip.add("agreement.json", json(summary), now);
  // The frozen text itself, so textSha256 can be recomputed from the pack alone.
  zip.add("agreement-text.txt", new TextEncoder().encode(agreement.text), agreement.issuedAt);
  if (agreement.signedText)
    zip.add("signed-text.txt", new TextEncoder().encode(agreement.signedText), agreement.signedAt ?? now);
  zip.add("events.json", json(events), now);
  zip.add("chain-proof.json", json(proof), now);
  return {
    zip: zip.finish(),
    fileName: `evidence-${agreement.id}.zip`,
    events: events.length,
    sealed: Boolean(sealed),
    chainVerifiedNow: proof.chainVerifiedNow,
  };
}

/** The evidence pack for staff; who took it is on the agreement's own timeline. */
export async function downloadEvidencePack(context: AuditContext, { agreementId }: { agreementId: string }) {
  const pack = await buildEvidencePack(agreementId);
  const data = { events: pack.events, sealed: pack.sealed, chainVerifiedNow: pack.chainVerifiedNow };
  await db.$transaction((tx) => recordEvent(tx, context, { agreementId, type: "evidence.downloaded", data }));
  return pack;
}
