import "server-only";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import { resolveSigningLink } from "./resolve-signing-link";

export type Requester = { ip: string | null; userAgent: string | null };

/** What the author sees when they open their link; each opening is recorded as evidence. */
export async function openAgreementForSigning({ token, ip, userAgent }: { token: string } & Requester) {
  return db.$transaction(async (tx) => {
    const { link, agreement, proceedings } = await resolveSigningLink(tx, token);
    const now = new Date();
    if (agreement.status === "sent") {
      await tx.agreement.updateMany({ where: { id: agreement.id, status: "sent" }, data: { status: "viewed", viewedAt: now } });
    }
    if (agreement.status === "sent" || agreement.status === "viewed") {
      await recordEvent(tx, { agreementId: agreement.id, type: "agreement.viewed", actor: `author:${agreement.correspondingAuthorEmail}`, ip, userAgent });
    }
    return {
      agreementId: agreement.id,
      status: agreement.status === "sent" ? ("viewed" as const) : agreement.status,
      articleTitle: agreement.articleTitle,
      proceedingsName: proceedings.name,
      publisherName: agreement.publisherName,
      correspondingAuthorName: agreement.correspondingAuthorName,
      authors: agreement.authors,
      text: agreement.text,
      signatureName: agreement.signatureName,
      signedAt: agreement.signedAt,
      declinedAt: agreement.declinedAt,
      expiresAt: link.expiresAt,
    };
  });
}

export type AgreementForSigning = Awaited<ReturnType<typeof openAgreementForSigning>>;
