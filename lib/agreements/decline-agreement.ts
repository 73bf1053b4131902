import "server-only";
import type { RequestOrigin } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { openSigningLink } from "./open-signing-link";
import { settleAgreement } from "./settle-agreement";
import { settleSigner } from "./signers/settle-signer";

export async function declineAgreement(origin: RequestOrigin, { token, reason }: { token: string; reason: string }) {
  const link = await openSigningLink(token, "decline", origin);
  const declinedAt = link.openedAt;
  const { signerId } = link;
  if (signerId) {
    // Every-author agreements: one author's decline declines the agreement for all of them.
    return db.$transaction(async (tx) => {
      await settleSigner(tx, { ...link, signerId }, { kind: "declined", reason });
      return { agreementId: link.agreementId, declinedAt };
    });
  }
  return db.$transaction(async (tx) => {
    const agreement = await settleAgreement(tx, {
      link,
      changes: { status: "declined", declinedAt, declineReason: reason },
      event: { type: "agreement.declined", data: { reason } },
    });
    return { agreementId: agreement.id, declinedAt };
  });
}
