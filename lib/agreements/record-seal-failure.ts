import "server-only";
import { db } from "@/lib/db/client";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";

/**
 * Notes a failed seal attempt; after the last one the agreement shows "seal failed" to staff. A seal
 * that was waiting for the timestamp authority and then fails for another reason fails the same way.
 */
export async function recordSealFailure(agreementId: string, error: unknown, { final }: { final: boolean }) {
  const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
  await db.$transaction(async (tx) => {
    const { count } = await tx.agreement.updateMany({
      where: { id: agreementId, sealStatus: { in: ["pending", "waiting_for_timestamp"] } },
      data: { sealAttempts: { increment: 1 }, sealError: reason, sealStatus: final ? "failed" : "pending" },
    });
    if (count > 0 && final) {
      await recordEvent(tx, SYSTEM_CONTEXT, { agreementId, type: "agreement.seal_failed", data: { reason } });
    }
  });
}
