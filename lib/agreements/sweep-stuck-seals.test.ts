import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { sqlAs } from "@/test/database-as";
import { signAgreement } from "./sign-agreement";
import { sweepStuckSeals } from "./sweep-stuck-seals";

/** An agreement signed ten minutes ago whose seal job is in the given state. */
async function signedLongAgo(job: "waiting" | "held a minute" | "held ten minutes" | "gone" | "out of attempts") {
  const { agreement, token } = await issueTestAgreement();
  await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
  await db.agreement.update({ where: { id: agreement.id }, data: { signedAt: new Date(Date.now() - 600_000) } });
  const key = `seal:${agreement.id}`;
  const lock = (minutes: number) =>
    sqlAs("owner", `UPDATE graphile_worker._private_jobs SET locked_at = $2, locked_by = 'w' WHERE key = $1`, [
      key,
      new Date(Date.now() - minutes * 60_000),
    ]);
  if (job === "held a minute") await lock(1);
  if (job === "held ten minutes") await lock(10);
  // Every attempt used up while the database was away, so even the "seal failed" note never landed.
  if (job === "out of attempts")
    await sqlAs("owner", `UPDATE graphile_worker._private_jobs SET attempts = max_attempts WHERE key = $1`, [key]);
  if (job === "gone") await sqlAs("owner", `DELETE FROM graphile_worker._private_jobs WHERE key = $1`, [key]);
  return agreement.id;
}

describe("sweeping stuck seals", () => {
  it("re-queues only the seals whose job is gone or held by a worker that went silent", async () => {
    const ids = {
      waiting: await signedLongAgo("waiting"),
      heldAMinute: await signedLongAgo("held a minute"),
      heldTenMinutes: await signedLongAgo("held ten minutes"),
      gone: await signedLongAgo("gone"),
      outOfAttempts: await signedLongAgo("out of attempts"),
    };
    const requeued = await sweepStuckSeals({ stuckForSeconds: 120 });
    const ours = requeued.filter((id) => Object.values(ids).includes(id));
    expect(ours.sort()).toEqual([ids.heldTenMinutes, ids.gone, ids.outOfAttempts].sort());
    // Each now has a seal job the queue can hand out.
    const keys = [ids.heldTenMinutes, ids.gone, ids.outOfAttempts].map((id) => `seal:${id}`);
    const free = `SELECT key FROM graphile_worker._private_jobs
      WHERE key = ANY($1) AND locked_at IS NULL AND attempts < max_attempts`;
    const { rows } = await sqlAs("owner", free, [keys]);
    expect(rows).toHaveLength(3);
  });
});
