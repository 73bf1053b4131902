import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { AuditContext, RequestOrigin } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import { AppError } from "@/lib/errors/app-error";
import { newestSignedPdf } from "./newest-signed-pdf";
import { openSigningLink } from "./open-signing-link";

/** How long a download waits for a seal job that is running right now (an author clicking at once). */
const SEAL_WAIT_MS = 5_000;
const POLL_MS = 250;

/**
 * The sealed PDF of a signed agreement, logged as downloaded (an access record, the only write).
 * A download never seals: sealing, and the author's signed-copy email it queues, happen only in
 * the seal job and staff's "Retry sealing", so reading a record cannot change it. While the seal
 * is pending the download waits a few seconds for the job, then answers SEAL_PENDING.
 */
export async function downloadSignedPdf(
  context: AuditContext,
  { agreementId, waitMs = SEAL_WAIT_MS }: { agreementId: string; waitMs?: number },
) {
  const agreement = await db.agreement.findUnique({ where: { id: agreementId }, select: { status: true } });
  if (!agreement) throw new AppError("NOT_FOUND");
  if (agreement.status !== "signed") throw new AppError("NOT_SIGNED");
  const document = await sealedDocument(agreementId, waitMs);
  await db.$transaction((tx) =>
    recordEvent(tx, context, { agreementId, type: "pdf.downloaded", data: { sha256: document.sha256 } }),
  );
  return {
    bytes: document.pdf,
    filename: `publication-agreement-${agreementId}.pdf`,
    sha256: document.sha256,
  };
}

async function sealedDocument(agreementId: string, waitMs: number) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    // The newest version: the seal with every document timestamp added since.
    const document = await newestSignedPdf(agreementId);
    if (document) return document;
    const { sealStatus } = await db.agreement.findUniqueOrThrow({
      where: { id: agreementId },
      select: { sealStatus: true },
    });
    if (sealStatus === "failed") throw new AppError("SEAL_FAILED");
    // A seal job takes seconds; a minute leaves room for a queue that is busy with others.
    if (Date.now() + POLL_MS > deadline) throw new AppError("SEAL_PENDING", { retryAfterSeconds: 60 });
    await sleep(POLL_MS);
  }
}

/** The author's download, through the same link they signed with. */
export async function downloadSignedPdfByToken(
  origin: RequestOrigin,
  { token, waitMs }: { token: string; waitMs?: number },
) {
  const { agreementId, author } = await openSigningLink(token, "download", origin);
  return downloadSignedPdf(author, { agreementId, waitMs });
}
