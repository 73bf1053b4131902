import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { issueTestAgreement } from "@/test/agreement-fixtures";
import { verifyAuditChain } from "./verify-chain";

// The table refuses UPDATE and DELETE; an attacker with the database's owner rights can switch
// that off, which is what these tests do to play the attacker.
async function asAttacker(sql: string) {
  await db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only_rows"`);
  try {
    await db.$executeRawUnsafe(sql);
  } finally {
    await db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only_rows"`);
  }
}

describe("the audit chain check", () => {
  it("finds an untouched log intact and reports its head", async () => {
    await issueTestAgreement();
    await issueTestAgreement();
    const verdict = await verifyAuditChain();
    const newest = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(verdict).toEqual({ intact: true, events: await db.auditEvent.count(), head: newest.hash });
  });

  it("refuses to update, delete or truncate events", async () => {
    await issueTestAgreement();
    await expect(db.$executeRawUnsafe(`UPDATE "AuditEvent" SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
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
