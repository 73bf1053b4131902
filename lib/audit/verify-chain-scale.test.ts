import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { chainHash, GENESIS_HASH, type AuditEventContent } from "./canonical-event";
import { recordCheckpoint } from "./record-checkpoint";
import { verifyAuditChain } from "./verify-chain";
import { tamperWithAuditLog } from "@/test/database-as";

const EVENTS = 100_000;
const CHECKPOINT_EVERY = 1000;

/** Appends `count` chained events straight through SQL (as the app's role may), a checkpoint every 1000. */
async function appendEvents(count: number) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  let prevHash = GENESIS_HASH;
  const start = Date.parse("2026-01-01T00:00:00Z");
  try {
    for (let offset = 0; offset < count; offset += CHECKPOINT_EVERY) {
      const rows = Array.from({ length: Math.min(CHECKPOINT_EVERY, count - offset) }, (_, i) => {
        const content: AuditEventContent = {
          agreementId: null,
          type: "pdf.downloaded",
          actor: `staff:user${(offset + i) % 50}@example.org`,
          occurredAt: new Date(start + (offset + i) * 1000),
          ip: "203.0.113.5",
          userAgent: "Mozilla/5.0 (scale)",
          data: { n: offset + i },
        };
        const hash = chainHash(prevHash, content);
        const row = [
          content.type,
          content.actor,
          content.occurredAt.toISOString(),
          content.ip,
          content.userAgent,
          JSON.stringify(content.data),
          prevHash,
          hash,
        ];
        prevHash = hash;
        return row;
      });
      const columns = rows[0].map((_, i) => rows.map((row) => row[i]));
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO "AuditEvent" (type, actor, "occurredAt", ip, "userAgent", data, "prevHash", hash)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::text[]) RETURNING id`,
        columns,
      );
      const eventId = inserted.rows.map((row) => BigInt(row.id)).reduce((a, b) => (a > b ? a : b));
      await recordCheckpoint(db, {
        head: { eventId, eventHash: prevHash, eventCount: BigInt(offset + rows.length) },
        reason: "events",
      });
    }
  } finally {
    await client.end();
  }
}

describe("the chain check on a large log", () => {
  it(
    `checks ${EVENTS} events against ${EVENTS / CHECKPOINT_EVERY} checkpoints in one pass, and still finds a cut tail`,
    { timeout: 300_000 },
    async () => {
      await appendEvents(EVENTS);
      let started = performance.now();
      const verdict = await verifyAuditChain();
      const intactMs = performance.now() - started;
      expect(verdict).toMatchObject({ intact: true, events: EVENTS, checkpoints: EVENTS / CHECKPOINT_EVERY });

      const last = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
      await tamperWithAuditLog(`DELETE FROM "AuditEvent" WHERE id > ${last.id - 10n}`);
      started = performance.now();
      const cut = await verifyAuditChain();
      const cutMs = performance.now() - started;
      expect(cut.intact ? [] : cut.problems.map((problem) => problem.kind)).toEqual(["truncated"]);
      console.log(
        `verifyAuditChain: ${EVENTS} events, intact in ${Math.round(intactMs)} ms; truncated found in ${Math.round(cutMs)} ms`,
      );
      // Generous for a shared 2-core machine; a full scan of 100k events takes a few seconds.
      expect(intactMs).toBeLessThan(60_000);
    },
  );
});
