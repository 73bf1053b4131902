import "server-only";
import type { RequestOrigin } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { openSigningLink } from "./open-signing-link";
import { settleAgreement } from "./settle-agreement";
import { queueCoauthorNotices } from "./signers/queue-coauthor-notices";
import { settleSigner } from "./signers/settle-signer";

/** Records the author's signature, dated by the server's clock (never the author's), and queues the seal. */
export async function signAgreement(origin: RequestOrigin, { token, typedName }: { token: string; typedName: string }) {
  const link = await openSigningLink(token, "sign", origin);
  const signedAt = link.openedAt;
  const { ip, userAgent } = link.author;
  const { signerId } = link;
  if (signerId) {
    // Every-author agreements: this author's signature; the last one completes the agreement.
    return db.$transaction(async (tx) => {
      const { completed } = await settleSigner(tx, { ...link, signerId }, { kind: "signed", typedName });
      if (completed) await queueCoauthorNotices(tx, link.agreementId);
      return { agreementId: link.agreementId, signedAt, completed };
    });
  }
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
    // The co-authors signed for are told (after the signature's event, so the log reads in order).
    await queueCoauthorNotices(tx, agreement.id);
    return { agreementId: agreement.id, signedAt, completed: true };
  });
}
