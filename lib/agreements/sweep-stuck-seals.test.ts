import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { sqlAs } from "@/test/database-as";
import { signAgreement } from "./sign-agreement";
import { sweepStuckSeals } from "./sweep-stuck-seals";

/** An agreement signed ten minutes ago whose seal job is in the given state. */
async function signedLongAgo(job: "waiting" | "held a minute" | "held ten minutes" | "gone") {
  const { agreement, token } = await issueTestAgreement();
  await signAgreement({ token, typedName: "Zhang Haoyang", ...AUTHOR });
  await db.agreement.update({ where: { id: agreement.id }, data: { signedAt: new Date(Date.now() - 600_000) } });
  const key = `seal:${agreement.id}`;
  if (job === "held a minute") await sqlAs("owner", `UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '1 minute', locked_by = 'w' WHERE key = $1`, [key]);
  if (job === "held ten minutes") await sqlAs("owner", `UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '10 minutes', locked_by = 'w' WHERE key = $1`, [key]);
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
    };
    const requeued = await sweepStuckSeals({ stuckForSeconds: 120 });
    expect(requeued.filter((id) => Object.values(ids).includes(id)).sort()).toEqual([ids.heldTenMinutes, ids.gone].sort());
    // Each now has a seal job the queue can hand out.
    const { rows } = await sqlAs("owner", `SELECT key FROM graphile_worker._private_jobs WHERE key = ANY($1) AND locked_at IS NULL`, [[ids.heldTenMinutes, ids.gone].map((id) => `seal:${id}`)]);
    expect(rows).toHaveLength(2);
  });
});
