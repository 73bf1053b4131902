import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { issueTestAgreement } from "@/test/agreement-fixtures";
import { chainHash, GENESIS_HASH } from "./canonical-event";

describe("the audit log", () => {
  it("links every event to the one before by hash, even when written concurrently", async () => {
    await Promise.all(Array.from({ length: 5 }, (_, i) => issueTestAgreement({ articleTitle: `Concurrent ${i}` })));
    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(events.length).toBeGreaterThanOrEqual(10);
    let previous = GENESIS_HASH;
    for (const event of events) {
      expect(event.prevHash).toBe(previous);
      expect(event.hash).toBe(
        chainHash(previous, {
          agreementId: event.agreementId,
          type: event.type,
          actor: event.actor,
          occurredAt: event.occurredAt,
          ip: event.ip,
          userAgent: event.userAgent,
          data: event.data,
        }),
      );
      previous = event.hash;
    }
  });
});
