import "server-only";
import { db } from "@/lib/db/client";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import type { Requester } from "./open-agreement-for-signing";
import { settleAgreement } from "./settle-agreement";

/** Records the author's signature, dated by the server's clock (never the author's), and queues the seal. */
export async function signAgreement({ token, typedName, ip, userAgent }: { token: string; typedName: string } & Requester) {
  return db.$transaction(async (tx) => {
    const signedAt = new Date();
    const agreement = await settleAgreement(tx, {
      token,
      at: signedAt,
      ip,
      userAgent,
      changes: { status: "signed", sealStatus: "pending", signedAt, signatureName: typedName, signerIp: ip, signerUserAgent: userAgent },
      event: { type: "agreement.signed", data: { typedName, signedAt: signedAt.toISOString() } },
    });
    await enqueueJob(tx, "seal_agreement", { agreementId: agreement.id });
    return { agreementId: agreement.id, signedAt };
  });
}
