import "server-only";
import { db } from "@/lib/db/client";
import { agreementNotice, type CameraReadyNotice } from "./compose-notice";

/** The camera-ready notice of a signed agreement (null before signing, or when its template has none). */
export async function noticeForAgreement(agreementId: string): Promise<CameraReadyNotice | null> {
  const agreement = await db.agreement.findUnique({
    where: { id: agreementId },
    select: {
      status: true,
      articleTitle: true,
      authors: true,
      correspondingAuthorName: true,
      publisherName: true,
      paperId: true,
      issuedAt: true,
      choiceAnswers: true,
      proceedings: { select: { name: true } },
      templateVersion: { select: { notice: true, choices: true } },
    },
  });
  if (!agreement || agreement.status !== "signed") return null;
  return agreementNotice(agreement);
}
