import "server-only";
import type { RequestOrigin } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { openSigningLink } from "./open-signing-link";
import { settleAgreement } from "./settle-agreement";

/** Records the author's signature, dated by the server's clock (never the author's), and queues the seal. */
export async function signAgreement(origin: RequestOrigin, { token, typedName }: { token: string; typedName: string }) {
  const link = await openSigningLink(token, "sign", origin);
  const signedAt = link.openedAt;
  const { ip, userAgent } = link.author;
  return db.$transaction(async (tx) => {
    // Queued first: settleAgreement ends by appending to the audit chain, whose lock every writer
    // waits for until this transaction commits, so nothing else should follow it. A refused
    // signature rolls the job back with everything else.
    await enqueueJob(tx, "seal_agreement", { agreementId: link.agreementId });
    const agreement = await settleAgreement(tx, {
      link,
      changes: {
        status: "signed",
        sealStatus: "pending",
        signedAt,
        signatureName: typedName,
        signerIp: ip,
        signerUserAgent: userAgent,
      },
      event: { type: "agreement.signed", data: { typedName, signedAt: signedAt.toISOString() } },
    });
    return { agreementId: agreement.id, signedAt };
  });
}
