import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { recordEvent } from "@/lib/audit/record-event";
import { enqueueJob } from "@/lib/queue/enqueue-job";

/** Staff's retry of a seal that failed: the job starts over with a fresh count of attempts. */
export async function retrySeal(context: AuditContext, { agreementId }: { agreementId: string }) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.agreement.updateMany({
      where: { id: agreementId, sealStatus: "failed" },
      data: { sealStatus: "pending", sealError: null, sealAttempts: 0 },
    });
    if (count === 0) throw new AppError("SEAL_NOT_RETRYABLE");
    await recordEvent(tx, context, { agreementId, type: "agreement.seal_retried" });
    await enqueueJob(tx, "seal_agreement", { agreementId });
  });
}
