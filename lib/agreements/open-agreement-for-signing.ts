import "server-only";
import { authorContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import { resolveSigningLink } from "./resolve-signing-link";

export type Requester = { ip: string | null; userAgent: string | null };

/** What the author sees when they open their link. Reads only: see recordAgreementViewed. */
export async function openAgreementForSigning({ token }: { token: string }) {
  const { link, agreement, proceedings } = await resolveSigningLink(db, token);
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
}

export type AgreementForSigning = Awaited<ReturnType<typeof openAgreementForSigning>>;

/**
 * Records an opening of an agreement still open for signing as evidence (every opening counts).
 * Called when the page reports from the author's browser (a POST), never from the page's GET.
 */
export async function recordAgreementViewed({ agreementId, ip, userAgent }: { agreementId: string } & Requester) {
  await db.$transaction(async (tx) => {
    const agreement = await tx.agreement.findUniqueOrThrow({ where: { id: agreementId }, select: { status: true, correspondingAuthorEmail: true } });
    if (agreement.status !== "sent" && agreement.status !== "viewed") return;
    await tx.agreement.updateMany({ where: { id: agreementId, status: "sent" }, data: { status: "viewed", viewedAt: new Date() } });
    const author = authorContext(agreement.correspondingAuthorEmail, { ip, userAgent });
    await recordEvent(tx, author, { agreementId, type: "agreement.viewed" });
  });
}
