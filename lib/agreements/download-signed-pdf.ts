import "server-only";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import { AppError } from "@/lib/errors";
import type { Requester } from "./open-agreement-for-signing";
import { resolveSigningLink } from "./resolve-signing-link";
import { sealAgreement } from "./seal-agreement";

/** The sealed PDF of a signed agreement (sealing it now if the job has not yet), logged as downloaded. */
export async function downloadSignedPdf({ agreementId, actor, ip, userAgent }: { agreementId: string; actor: string } & Requester) {
  const agreement = await db.agreement.findUnique({ where: { id: agreementId }, select: { status: true } });
  if (!agreement) throw new AppError("NOT_FOUND");
  if (agreement.status !== "signed") throw new AppError("NOT_SIGNABLE", "Only a signed agreement has a signed PDF.");
  const document = await sealAgreement(agreementId);
  await db.$transaction((tx) => recordEvent(tx, { agreementId, type: "pdf.downloaded", actor, ip, userAgent, data: { sha256: document.sha256 } }));
  return { bytes: new Uint8Array(document.pdf), filename: `publication-agreement-${agreementId}.pdf`, sha256: document.sha256 };
}

/** The author's download, through the same link they signed with. */
export async function downloadSignedPdfByToken({ token, ip, userAgent }: { token: string } & Requester) {
  const { agreement } = await db.$transaction((tx) => resolveSigningLink(tx, token));
  return downloadSignedPdf({ agreementId: agreement.id, actor: `author:${agreement.correspondingAuthorEmail}`, ip, userAgent });
}
