import "server-only";
import type { RequestOrigin } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { openSigningLink } from "./open-signing-link";
import { settleAgreement } from "./settle-agreement";

export async function declineAgreement(origin: RequestOrigin, { token, reason }: { token: string; reason: string }) {
  const link = await openSigningLink(token, "decline", origin);
  const declinedAt = link.openedAt;
  return db.$transaction(async (tx) => {
    const agreement = await settleAgreement(tx, {
      link,
      changes: { status: "declined", declinedAt, declineReason: reason },
      event: { type: "agreement.declined", data: { reason } },
    });
    return { agreementId: agreement.id, declinedAt };
  });
}
