import "server-only";
import { db } from "@/lib/db/client";
import { chainHash, GENESIS_HASH } from "./canonical-event";

export type ChainBreak = { eventId: string; type: string; occurredAt: Date; problem: string };
export type ChainVerdict = { intact: true; events: number; head: string } | { intact: false; events: number; firstBreak: ChainBreak };

const BATCH = 2000;

/**
 * Recomputes the hash chain from the first event. An edited event no longer matches its own hash;
 * a deleted or inserted one breaks the link from its successor. Names the first event affected.
 */
export async function verifyAuditChain(): Promise<ChainVerdict> {
  let previous = GENESIS_HASH;
  let checked = 0;
  let cursor: bigint | undefined;
  for (;;) {
    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" }, take: BATCH, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) });
    for (const event of events) {
      const at = { eventId: String(event.id), type: event.type, occurredAt: event.occurredAt };
      if (event.prevHash !== previous) {
        return { intact: false, events: checked, firstBreak: { ...at, problem: "it does not link to the event before it: an event was deleted or inserted just before it, or it was altered" } };
      }
      const expected = chainHash(previous, { agreementId: event.agreementId, type: event.type, actor: event.actor, occurredAt: event.occurredAt, ip: event.ip, userAgent: event.userAgent, data: event.data });
      if (event.hash !== expected) return { intact: false, events: checked, firstBreak: { ...at, problem: "its content no longer matches its hash: it was edited after it was recorded" } };
      previous = event.hash;
      checked++;
    }
    if (events.length < BATCH) return { intact: true, events: checked, head: previous };
    cursor = events[events.length - 1].id;
  }
}
