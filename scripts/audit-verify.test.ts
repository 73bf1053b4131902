import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { chainPosition } from "@/lib/audit/chain-head";
import { recordCheckpoint } from "@/lib/audit/record-checkpoint";
import { issueTestAgreement } from "@/test/agreement-fixtures";
import { emptyAuditLog, rewriteAndRecompute, tamperWithAuditLog } from "@/test/database-as";

async function auditVerify(): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      "node_modules/.bin/tsx",
      ["--conditions=react-server", "scripts/audit-verify.ts"],
      { env: process.env },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { code: failure.code, stdout: failure.stdout };
  }
}

// Each test attacks the log: each starts from an empty one.
beforeEach(emptyAuditLog);

describe("npm run audit:verify", () => {
  it("says intact with exit 0, and names the broken event with exit 1", async () => {
    await issueTestAgreement();
    const intact = await auditVerify();
    expect(intact).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Audit chain intact: \d+ events, head [0-9a-f]{64}\./),
    });

    const victim = await db.auditEvent.findFirstOrThrow({
      where: { type: "agreement.issued" },
      orderBy: { id: "desc" },
    });
    await tamperWithAuditLog(`UPDATE "AuditEvent" SET actor = 'staff:someone-else' WHERE id = ${victim.id}`);
    const broken = await auditVerify();
    expect(broken.stdout).toContain("BROKEN");
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`Audit chain BROKEN at event #${victim.id} (agreement.issued`);
  });

  it("notices the newest events deleted by a superuser after a checkpoint covered them", async () => {
    await issueTestAgreement();
    const kept = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    await issueTestAgreement({ articleTitle: "The Paper Whose Trail Goes Missing" });
    // The job queue's task writes this every N events or hourly; here, once, by hand.
    const checkpoint = await recordCheckpoint(db, { head: (await chainPosition(db))!, reason: "events" });
    expect(await auditVerify()).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Audit chain intact/) });

    // An insider with superuser rights switches the trigger off and cuts the tail.
    await tamperWithAuditLog(`DELETE FROM "AuditEvent" WHERE id > ${kept.id}`);
    const { code, stdout } = await auditVerify();
    expect({ code, stdout }).toMatchObject({ code: 1, stdout: expect.stringMatching(/^Audit chain BROKEN/) });
    expect(stdout).toContain(
      `Audit chain BROKEN: the log was truncated: a checkpoint of ${checkpoint.createdAt.toISOString()} vouches for ${checkpoint.eventCount} events up to #${checkpoint.eventId}`,
    );
    expect(stdout).toContain(`events after #${kept.id} were deleted.`);
  });

  it("notices a chain rewritten by a superuser with every later hash recomputed", async () => {
    await issueTestAgreement();
    const victim = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "asc" } });
    await recordCheckpoint(db, { head: (await chainPosition(db))!, reason: "events" });
    await rewriteAndRecompute(victim.id, `UPDATE "AuditEvent" SET ip = '203.0.113.66' WHERE id = ${victim.id}`);
    const { code, stdout } = await auditVerify();
    expect(stdout).toMatch(
      /^Audit chain BROKEN: the chain was rewritten and its hashes recomputed: a checkpoint of \S+ recorded its hash as [0-9a-f]{12}…, the log now has [0-9a-f]{12}…; the change lies at or before this event\./,
    );
    expect(code).toBe(1);
  });

  it("notices a forged checkpoint", async () => {
    await issueTestAgreement();
    const checkpoint = await recordCheckpoint(db, { head: (await chainPosition(db))!, reason: "events" });
    await tamperWithAuditLog(
      `UPDATE "AuditCheckpoint" SET signature = 'AAAA' || substr(signature, 5) WHERE id = ${checkpoint.id}`,
    );
    const forged = await auditVerify();
    expect(forged.stdout).toContain(`Audit chain BROKEN: checkpoint #${checkpoint.id}`);
    expect(forged.stdout).toContain(
      "its signature does not verify with the seal certificate. It was forged or altered",
    );
    expect(forged.code).toBe(1);
  });
});
