import "server-only";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { requestTimestamp } from "@/lib/timestamp/request-timestamp";
import { timestampAuthorityFromEnv } from "@/lib/timestamp/timestamp-authority-settings";
import { timestampedCheckpointBytes } from "./canonical-checkpoint";

// One run's worth: a backlog after an outage is worked off over a few runs, one a minute.
const BATCH = 100;

export type CheckpointTimestamping = {
  timestamped: number;
  /** Why the authority could not be asked, when it could not (the rest wait for the next run). */
  unavailable?: string;
};

/**
 * The checkpoint job's second half: asks TSA_URL for a token over every checkpoint still without
 * one, and stores it with the authority's time and name. Runs after the checkpoint's own
 * transaction has committed, so the chain's lock is never held over the network, and picks up
 * whatever an earlier run, a crash or a seal (whose checkpoint is written inside the seal's
 * transaction) left without a token. Only checkpoints younger than TSA_GRACE_MINUTES are sent: a
 * token much later than the time a checkpoint claims is exactly what audit:verify reports as a
 * backdated checkpoint, so an older one stays untimestamped and the next checkpoint is timestamped
 * instead (checkpoint-audit-chain.ts writes one).
 */
export async function timestampCheckpoints(): Promise<CheckpointTimestamping> {
  const authority = timestampAuthorityFromEnv();
  if (!authority) return { timestamped: 0 };
  const pending = await db.auditCheckpoint.findMany({
    where: { timestamp: { is: null }, createdAt: { gte: new Date(Date.now() - authority.graceMs) } },
    orderBy: { id: "asc" },
    take: BATCH,
  });
  let timestamped = 0;
  for (const checkpoint of pending) {
    // Asked one after another, a late one in a long batch could otherwise pass its grace.
    if (checkpoint.createdAt.getTime() < Date.now() - authority.graceMs) continue;
    let token;
    try {
      token = await requestTimestamp(authority, timestampedCheckpointBytes(checkpoint));
    } catch (error) {
      if (isAppError(error, "TIMESTAMP_UNAVAILABLE")) return { timestamped, unavailable: error.userMessage };
      throw error;
    }
    // Two runs at once may both have asked: the first token stored stays, the other is dropped.
    const stored = await db.auditCheckpointTimestamp.createMany({
      data: {
        checkpointId: checkpoint.id,
        token: new Uint8Array(token.der),
        time: token.time,
        authority: token.authority,
        certificateSha256: token.certificateSha256,
        serialNumber: token.serialNumber,
      },
      skipDuplicates: true,
    });
    timestamped += stored.count;
  }
  return { timestamped };
}
