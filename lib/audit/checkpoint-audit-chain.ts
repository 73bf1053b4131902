import "server-only";
import { db } from "@/lib/db/client";
import { timestampAuthorityFromEnv } from "@/lib/timestamp/timestamp-authority-settings";
import { chainPosition } from "./chain-head";
import { checkpointEveryEvents, checkpointEveryMs } from "./checkpoint-settings";
import { recordCheckpoint } from "./record-checkpoint";

// Any single key works: two workers deciding at once would otherwise write the same checkpoint twice.
const CHECKPOINT_LOCK = 7_310_002;

/**
 * The job queue's checkpoint task: writes a checkpoint when AUDIT_CHECKPOINT_EVENTS events have
 * been added since the last one, or AUDIT_CHECKPOINT_MINUTES have passed and the log moved on.
 * Runs every minute and whenever an append crosses a multiple of that many event ids; the same
 * job then timestamps it (timestamp-checkpoints.ts), after this transaction has committed.
 * With TSA_URL set, a newest checkpoint the authority could not timestamp within TSA_GRACE_MINUTES
 * is followed by a fresh one of the head (reason "timestamp"), so the head does not stay unproven
 * once the authority is back, even while the log stands still.
 * Returns the checkpoint written, or null when none was due.
 */
export async function checkpointAuditChainIfDue(now = new Date()) {
  const everyEvents = BigInt(checkpointEveryEvents());
  const everyMs = checkpointEveryMs();
  const authority = timestampAuthorityFromEnv();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHECKPOINT_LOCK})`;
    const head = await chainPosition(tx);
    if (!head) return null;
    const last = await tx.auditCheckpoint.findFirst({
      orderBy: [{ eventId: "desc" }, { id: "desc" }],
      include: { timestamp: { select: { checkpointId: true } } },
    });
    const untimestamped =
      authority !== null &&
      last !== null &&
      !last.timestamp &&
      now.getTime() - last.createdAt.getTime() >= authority.graceMs;
    if (last && last.eventId >= head.eventId)
      return untimestamped ? recordCheckpoint(tx, { head, reason: "timestamp" }) : null;
    const enoughEvents = !last || head.eventCount - last.eventCount >= everyEvents;
    const longEnough = !last || now.getTime() - last.createdAt.getTime() >= everyMs;
    if (!enoughEvents && !longEnough && !untimestamped) return null;
    return recordCheckpoint(tx, { head, reason: enoughEvents ? "events" : longEnough ? "hourly" : "timestamp" });
  });
}
