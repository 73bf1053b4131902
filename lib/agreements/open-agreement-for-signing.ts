import "server-only";
import type { RequestOrigin } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import { openSigningLink } from "./open-signing-link";

/** What the author sees when they open their link. Reads only: see recordAgreementViewed. */
export async function openAgreementForSigning(origin: RequestOrigin, { token }: { token: string }) {
  const link = await openSigningLink(token, "view", origin);
  const agreement = await db.agreement.findUniqueOrThrow({
    where: { id: link.agreementId },
    include: { proceedings: true },
  });
  return {
    agreementId: agreement.id,
    status: agreement.status === "sent" ? ("viewed" as const) : agreement.status,
    articleTitle: agreement.articleTitle,
    proceedingsName: agreement.proceedings.name,
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
export async function recordAgreementViewed(origin: RequestOrigin, { token }: { token: string }) {
  const { agreementId, author } = await openSigningLink(token, "record-view", origin);
  await db.$transaction(async (tx) => {
    const agreement = await tx.agreement.findUniqueOrThrow({ where: { id: agreementId }, select: { status: true } });
    if (agreement.status !== "sent" && agreement.status !== "viewed") return;
    await tx.agreement.updateMany({
      where: { id: agreementId, status: "sent" },
      data: { status: "viewed", viewedAt: new Date() },
    });
    await recordEvent(tx, author, { agreementId, type: "agreement.viewed" });
  });
}
