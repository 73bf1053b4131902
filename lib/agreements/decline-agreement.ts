import "server-only";
import { db } from "@/lib/db/client";
import type { Requester } from "./open-agreement-for-signing";
import { settleAgreement } from "./settle-agreement";

export async function declineAgreement({ token, reason, ip, userAgent }: { token: string; reason: string } & Requester) {
  return db.$transaction(async (tx) => {
    const declinedAt = new Date();
    const agreement = await settleAgreement(tx, {
      token,
      at: declinedAt,
      ip,
      userAgent,
      changes: { status: "declined", declinedAt, declineReason: reason },
      event: { type: "agreement.declined", data: { reason } },
    });
    return { agreementId: agreement.id, declinedAt };
  });
}
