import pg from "pg";
import { db } from "@/lib/db/client";
import { chainHash } from "@/lib/audit/canonical-event";

/**
 * Runs SQL in this test file's database as someone with more rights than the app: the cluster's
 * superuser ("admin") or the schema's owner. Tests use it to play an attacker or to break the
 * database on purpose; the app itself never has these rights.
 */
export async function sqlAs<R extends pg.QueryResultRow = pg.QueryResultRow>(
  who: "admin" | "owner",
  sql: string,
  values?: unknown[],
): Promise<pg.QueryResult<R>> {
  const connectionString = who === "admin" ? process.env.TEST_ADMIN_DATABASE_URL : process.env.TEST_OWNER_DATABASE_URL;
  if (!connectionString)
    throw new Error("TEST_ADMIN_DATABASE_URL / TEST_OWNER_DATABASE_URL are set by test/setup-database.ts.");
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await client.query<R>(sql, values);
  } finally {
    await client.end();
  }
}

/** As the superuser: switches the append-only triggers off around `sql`, as an insider could. */
export async function tamperWithAuditLog(sql: string) {
  const tables = `"AuditEvent", "AuditCheckpoint", "AuditCheckpointTimestamp", "SignedDocument"`.split(", ");
  const each = (action: string) => tables.map((table) => `ALTER TABLE ${table} ${action} TRIGGER USER;`).join(" ");
  await sqlAs("admin", `BEGIN; ${each("DISABLE")} ${sql}; ${each("ENABLE")} COMMIT;`);
}

/** An empty audit log (no checkpoints, no sealed PDFs' heads), so a test that attacks it starts from a known state. */
export async function emptyAuditLog() {
  // CASCADE: rows that point at events (webhook deliveries) go with them.
  await tamperWithAuditLog(
    `TRUNCATE "AuditEvent", "AuditCheckpoint", "AuditCheckpointTimestamp", "SignedDocument" CASCADE`,
  );
}

/** As a superuser: rewrites one event and recomputes every later hash, so the chain links again. */
export async function rewriteAndRecompute(eventId: bigint, sql: string) {
  await tamperWithAuditLog(sql);
  const events = await db.auditEvent.findMany({ where: { id: { gte: eventId } }, orderBy: { id: "asc" } });
  let previous = events[0].prevHash;
  const updates: string[] = [];
  for (const event of events) {
    const hash = chainHash(previous, {
      agreementId: event.agreementId,
      type: event.type,
      actor: event.actor,
      occurredAt: event.occurredAt,
      ip: event.ip,
      userAgent: event.userAgent,
      data: event.data,
    });
    updates.push(`UPDATE "AuditEvent" SET "prevHash" = '${previous}', hash = '${hash}' WHERE id = ${event.id}`);
    previous = hash;
  }
  await tamperWithAuditLog(updates.join("; "));
}

/** As a superuser: deletes the log's second event and re-links the chain over the gap, every later hash recomputed. */
export async function deleteSecondEventAndRelink() {
  const [first, second, third] = await db.auditEvent.findMany({ orderBy: { id: "asc" }, take: 3 });
  await tamperWithAuditLog(`DELETE FROM "AuditEvent" WHERE id = ${second.id}`);
  await rewriteAndRecompute(third.id, `UPDATE "AuditEvent" SET "prevHash" = '${first.hash}' WHERE id = ${third.id}`);
}
