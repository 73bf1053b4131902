import { describe, expect, it } from "vitest";
import { db, type Tx } from "@/lib/db/client";
import { staffActing } from "@/test/contexts";
import {
  canonicalEvent,
  canonicalEventAround,
  chainHash,
  GENESIS_HASH,
  type AuditEventContent,
} from "./canonical-event";
import { recordEvent, recordEvents } from "./record-event";
import { verifyAuditChain } from "./verify-chain";

// Text that JSON and UTF-8 treat specially: quotes, backslashes, controls, accents, CJK, an emoji
// (a surrogate pair in JavaScript) and keys that sort differently by code unit. (A lone surrogate
// never reaches the log: PostgreSQL's JSON refuses it, with either writer.)
const AWKWARD = {
  typedName: 'Zoë "Zed" O\\Brien\n\t東京 😀',
  nested: { Z: 1, a: [1.5, -0, 1e21, null, true, "é"], é: { b: null } },
  number: 12345678901234,
};

/** The writer as it was before audit_append: lock and head, hash in Node, insert. */
async function appendAsBefore(tx: Tx, content: Omit<AuditEventContent, "occurredAt">) {
  const [{ head }] = await tx.$queryRaw<{ head: string | null }[]>`SELECT audit_chain_lock_head() AS head`;
  const prevHash = head ?? GENESIS_HASH;
  const event = { ...content, occurredAt: new Date() };
  const hash = chainHash(prevHash, event);
  await tx.$executeRaw`
    INSERT INTO "AuditEvent" ("agreementId", type, actor, "occurredAt", ip, "userAgent", data, "prevHash", hash)
    VALUES (${event.agreementId}, ${event.type}, ${event.actor}, ${event.occurredAt}, ${event.ip},
            ${event.userAgent}, ${JSON.stringify(event.data)}::jsonb, ${prevHash}, ${hash})`;
}

describe("appending to the audit chain inside PostgreSQL", () => {
  it("splits an event's canonical JSON exactly around its date", () => {
    const content = {
      agreementId: null,
      type: "staff.invited",
      actor: "staff:a@example.org",
      ip: null,
      userAgent: "UA",
    };
    const occurredAt = new Date("2026-12-05T07:00:00.123Z");
    for (const data of [{}, AWKWARD, { occurredAt: "not the event's", zz: 1 }]) {
      const [before, after] = canonicalEventAround({ ...content, data });
      expect(before + occurredAt.toISOString() + after).toBe(canonicalEvent({ ...content, data, occurredAt }));
    }
  });

  it("continues a chain written by the old writer, and the old writer continues it, as one intact chain", async () => {
    const alice = staffActing("alice@example.org");
    const bob = staffActing("bob@example.org", { ip: null, userAgent: null });
    const content = {
      agreementId: null,
      type: "staff.invited",
      actor: alice.actor,
      ip: "203.0.113.5",
      userAgent: null,
    };
    await db.$transaction((tx) => appendAsBefore(tx, { ...content, data: { step: "old, first" } }));
    await db.$transaction((tx) => recordEvent(tx, alice, { type: "staff.invited", data: AWKWARD }));
    await db.$transaction((tx) =>
      recordEvents(tx, [
        { type: "staff.role_changed", data: { step: "new batch", n: 1 }, context: bob },
        { type: "staff.removed", data: { step: "new batch", n: 2, ...AWKWARD }, context: alice },
      ]),
    );
    await db.$transaction((tx) => appendAsBefore(tx, { ...content, data: { step: "old, after the new" } }));
    // Writers at the same time still make one chain, each linked to the one before.
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db.$transaction((tx) => recordEvent(tx, bob, { type: "staff.refused", data: { i, AWKWARD } })),
      ),
    );

    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(events.map((event) => event.type).slice(0, 5)).toEqual([
      "staff.invited",
      "staff.invited",
      "staff.role_changed",
      "staff.removed",
      "staff.invited",
    ]);
    expect(events[1].data).toEqual(JSON.parse(JSON.stringify(AWKWARD)));
    expect(events[2].ip).toBeNull();
    expect(events).toHaveLength(13);
    // Dated when it joined the chain: never earlier than the event before it.
    for (let i = 1; i < events.length; i++)
      expect(events[i].occurredAt.getTime()).toBeGreaterThanOrEqual(events[i - 1].occurredAt.getTime());
    const verdict = await verifyAuditChain();
    expect(verdict).toMatchObject({ intact: true, events: 13, head: events[12].hash });
    let previous = GENESIS_HASH;
    for (const event of events) {
      expect(event.prevHash).toBe(previous);
      previous = event.hash;
    }
  });

  it("lets other writers append while a writer's transaction is still open, and links events in commit order", async () => {
    const alice = staffActing("alice@example.org");
    const bob = staffActing("bob@example.org");
    const earlier = await db.auditEvent.count();
    let other: "appended" | "blocked" = "blocked";
    await db.$transaction(
      async (tx) => {
        await recordEvent(tx, alice, { type: "staff.invited", data: { who: "the slow writer" } });
        // Alice's transaction stays open (as a Node process busy rendering a PDF would keep it):
        // Bob's append must not wait for it.
        const appended = db.$transaction((other) =>
          recordEvent(other, bob, { type: "staff.invited", data: { who: "the quick writer" } }),
        );
        const timeout = new Promise<"blocked">((resolve) => setTimeout(() => resolve("blocked"), 5000));
        other = await Promise.race([appended.then(() => "appended" as const), timeout]);
        await appended.catch(() => undefined);
      },
      { timeout: 20_000 },
    );
    expect(other).toBe("appended");
    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" }, skip: earlier });
    expect(events.map((event) => (event.data as { who: string }).who)).toEqual(["the quick writer", "the slow writer"]);
    expect(await verifyAuditChain()).toMatchObject({ intact: true, events: earlier + 2 });
  });

  it("appends nothing for a transaction that rolls back", async () => {
    const alice = staffActing("alice@example.org");
    const earlier = await db.auditEvent.count();
    await expect(
      db.$transaction(async (tx) => {
        await recordEvent(tx, alice, { type: "staff.invited", data: {} });
        throw new Error("the change it records failed");
      }),
    ).rejects.toThrow("the change it records failed");
    await db.$transaction((tx) => recordEvent(tx, alice, { type: "staff.removed", data: {} }));
    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" }, skip: earlier });
    expect(events.map((event) => event.type)).toEqual(["staff.removed"]);
    expect(await verifyAuditChain()).toMatchObject({ intact: true, events: earlier + 1 });
  });

  it("appends a volume's batch of thousands of events in order, in one transaction", async () => {
    const alice = staffActing("alice@example.org");
    const earlier = await db.auditEvent.count();
    const batch = Array.from({ length: 3000 }, (_, n) => ({
      type: "staff.refused" as const,
      data: { n },
      context: alice,
    }));
    await db.$transaction((tx) => recordEvents(tx, batch), { timeout: 60_000 });
    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" }, skip: earlier });
    expect(events.map((event) => (event.data as { n: number }).n)).toEqual(batch.map((_, n) => n));
    expect(await verifyAuditChain()).toMatchObject({ intact: true, events: earlier + 3000 });
  });
});
