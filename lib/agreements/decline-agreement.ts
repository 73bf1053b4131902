import "server-only";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import type { Requester } from "./open-agreement-for-signing";
import { resolveSigningLink } from "./resolve-signing-link";
import { refusalFor } from "./settle-agreement";
import { OPEN_FOR_SIGNING } from "./agreement-states";

export async function declineAgreement({ token, reason, ip, userAgent }: { token: string; reason: string } & Requester) {
  return db.$transaction(async (tx) => {
    const { link, agreement } = await resolveSigningLink(tx, token);
    const declinedAt = new Date();
    const { count } = await tx.agreement.updateMany({
      where: { id: agreement.id, status: { in: OPEN_FOR_SIGNING } },
      data: { status: "declined", declinedAt, declineReason: reason },
    });
    if (count === 0) throw await refusalFor(tx, agreement.id);
    await tx.signingLink.update({ where: { id: link.id }, data: { usedAt: declinedAt } });
    await recordEvent(tx, {
      agreementId: agreement.id,
      type: "agreement.declined",
      actor: `author:${agreement.correspondingAuthorEmail}`,
      ip,
      userAgent,
      data: { reason },
    });
    return { agreementId: agreement.id, declinedAt };
  });
}
