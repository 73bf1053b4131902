import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { issueTestAgreement } from "@/test/agreement-fixtures";
import { deleteSecondEventAndRelink, emptyAuditLog, sqlAs } from "@/test/database-as";
import { CHAIN_HEAD_JOIN, chainPosition } from "./chain-head";
import { recordCheckpoint } from "./record-checkpoint";
import { verifyAuditChain } from "./verify-chain";

beforeEach(emptyAuditLog);

const checkpointNow = async () => recordCheckpoint(db, { head: (await chainPosition(db))!, reason: "events" });

type PlanNode = {
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
};

/** How many rows of the audit log the head's statement reads, from its EXPLAIN ANALYZE. */
async function eventRowsRead(): Promise<number> {
  const { rows } = await sqlAs<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    "owner",
    `EXPLAIN (ANALYZE, FORMAT JSON) SELECT head.id, head.hash, head.count FROM (SELECT) one ${CHAIN_HEAD_JOIN}`,
  );
  const read = (node: PlanNode): number =>
    (node["Relation Name"] === "AuditEvent"
      ? (node["Actual Rows"] + (node["Rows Removed by Filter"] ?? 0)) * node["Actual Loops"]
      : 0) + (node.Plans ?? []).reduce((sum, child) => sum + read(child), 0);
  return read(rows[0]["QUERY PLAN"][0].Plan);
}

describe("the chain's head and how many events lead up to it", () => {
  it("counts from the newest checkpoint the same number as counting every event, ids left unused included", async () => {
    expect(await chainPosition(db)).toBeNull();
    await issueTestAgreement();
    await checkpointNow();
    // An id drawn and never used, as by an append whose transaction did not commit.
    await sqlAs("admin", `SELECT nextval(pg_get_serial_sequence('"AuditEvent"', 'id'))`);
    await issueTestAgreement();
    await checkpointNow();
    await issueTestAgreement();
    const head = (await chainPosition(db))!;
    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" }, select: { id: true, hash: true } });
    expect(head).toEqual({
      eventId: events.at(-1)!.id,
      eventHash: events.at(-1)!.hash,
      eventCount: BigInt(events.length),
    });
    expect(head.eventId).toBe(BigInt(events.length) + events[0].id); // the unused id is a gap
  });

  it("reads only the events after the newest checkpoint, not the whole log", async () => {
    for (let i = 0; i < 8; i++) await issueTestAgreement();
    await checkpointNow();
    const before = await db.auditEvent.count();
    await issueTestAgreement();
    const since = (await db.auditEvent.count()) - before;
    // The head itself, and the events since the checkpoint, counted.
    expect(await eventRowsRead()).toBe(1 + since);
    expect(before).toBeGreaterThan(4 * since);
  });

  it("carries a checkpoint's count on, so events deleted below it show at every later checkpoint too", async () => {
    await issueTestAgreement();
    await issueTestAgreement();
    await checkpointNow();
    // A superuser deletes an event and re-links the chain after it.
    await deleteSecondEventAndRelink();
    await issueTestAgreement();
    // The next checkpoint, as the job or a seal writes it, does not vouch for the shortened log.
    const later = await checkpointNow();
    expect(later.eventCount).toBe(BigInt((await db.auditEvent.count()) + 1));
    const verdict = await verifyAuditChain();
    expect(verdict.intact).toBe(false);
    expect(verdict.intact ? [] : verdict.problems.map((problem) => problem.problem)).toEqual([
      expect.stringMatching(
        /counted 4 events up to it, the log now has 3 \(events were removed\).*\(1 later checkpoint disagrees as well\)$/,
      ),
    ]);
  });
});
