import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { issueTestAgreement } from "@/test/agreement-fixtures";
import { sqlAs, tamperWithAuditLog as asAttacker } from "@/test/database-as";
import { verifyAuditChain } from "./verify-chain";

// The table refuses UPDATE and DELETE; an attacker with superuser rights can switch that off,
// which is what these tests do (through test/database-as.ts) to play the attacker.

describe("the audit chain check", () => {
  it("finds an untouched log intact and reports its head", async () => {
    await issueTestAgreement();
    await issueTestAgreement();
    const verdict = await verifyAuditChain();
    const newest = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(verdict).toEqual({
      intact: true,
      events: await db.auditEvent.count(),
      head: newest.hash,
      checkpoints: 0,
      timestamps: expect.objectContaining({ checkpoints: 0, timestamped: 0, newest: null, missing: [] }),
    });
  });

  it("refuses to update, delete or truncate events even to the schema's owner, while its trigger is on", async () => {
    await issueTestAgreement();
    // The app's own role is refused before the trigger is reached (lib/db/database-roles.test.ts).
    await expect(sqlAs("owner", `UPDATE "AuditEvent" SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(sqlAs("owner", `DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
    // CASCADE, or the foreign keys pointing at the log (webhook deliveries) would refuse it first.
    await expect(sqlAs("owner", `TRUNCATE "AuditEvent" CASCADE`)).rejects.toThrow(/append-only/);
  });

  it("names the first event edited directly in the database", async () => {
    await issueTestAgreement();
    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" } });
    const victim = events[Math.floor(events.length / 2)];
    await asAttacker(`UPDATE "AuditEvent" SET ip = '203.0.113.66' WHERE id = ${victim.id}`);
    const verdict = await verifyAuditChain();
    expect(verdict.intact).toBe(false);
    if (verdict.intact) return;
    expect(verdict.firstBreak.eventId).toBe(String(victim.id));
    expect(verdict.firstBreak.problem).toMatch(/edited/);
  });

  it("names the event after one deleted directly in the database", async () => {
    await issueTestAgreement();
    await issueTestAgreement();
    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" } });
    const [deleted, successor] = [events[1], events[2]];
    await asAttacker(`DELETE FROM "AuditEvent" WHERE id = ${deleted.id}`);
    const verdict = await verifyAuditChain();
    expect(verdict.intact).toBe(false);
    if (verdict.intact) return;
    expect(verdict.firstBreak.eventId).toBe(String(successor.id));
    expect(verdict.firstBreak.problem).toMatch(/deleted or inserted/);
  });
});
