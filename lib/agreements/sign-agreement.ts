import "server-only";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { Requester } from "./open-agreement-for-signing";
import { resolveSigningLink } from "./resolve-signing-link";
import { refusalFor } from "./settle-agreement";
import { OPEN_FOR_SIGNING } from "./agreement-states";

/**
 * Records the author's signature. The date is the database server's clock at commit, never the
 * author's. The update only succeeds while the agreement is open, so of two simultaneous
 * signatures exactly one wins and the other is told the agreement is already signed.
 */
export async function signAgreement({ token, typedName, ip, userAgent }: { token: string; typedName: string } & Requester) {
  return db.$transaction(async (tx) => {
    const { link, agreement } = await resolveSigningLink(tx, token);
    const signedAt = new Date();
    const { count } = await tx.agreement.updateMany({
      where: { id: agreement.id, status: { in: OPEN_FOR_SIGNING } },
      data: { status: "signed", signedAt, signatureName: typedName, signerIp: ip, signerUserAgent: userAgent },
    });
    if (count === 0) throw await refusalFor(tx, agreement.id);
    await tx.signingLink.update({ where: { id: link.id }, data: { usedAt: signedAt } });
    await recordEvent(tx, {
      agreementId: agreement.id,
      type: "agreement.signed",
      actor: `author:${agreement.correspondingAuthorEmail}`,
      ip,
      userAgent,
      data: { typedName, signedAt: signedAt.toISOString(), textSha256: agreement.textSha256 },
    });
    await enqueueJob(tx, "seal_agreement", { agreementId: agreement.id }, `seal:${agreement.id}`);
    return { agreementId: agreement.id, signedAt };
  });
}
