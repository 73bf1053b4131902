// `npm run audit:verify`: recomputes the audit log's hash chain and names the first broken event.
// Exit 0 when intact, 1 when broken, 2 when the check could not run.
import path from "node:path";
import pg from "pg";
import { startEmbeddedDatabase, EMBEDDED_DATABASE_URL, type EmbeddedDatabase } from "../lib/db/embedded-database";

async function reachable(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let embedded: EmbeddedDatabase | undefined;
let exitCode = 2;
try {
  if (!process.env.DATABASE_URL) {
    const port = Number(process.env.EMBEDDED_DB_PORT ?? 54329);
    const url = EMBEDDED_DATABASE_URL(port);
    // The app may be running and holding the embedded database; otherwise start it for the check.
    if (!(await reachable(url))) embedded = await startEmbeddedDatabase({ dataDir: path.resolve(process.env.DATA_DIR ?? "data"), port });
    process.env.DATABASE_URL = url;
  }
  const { verifyAuditChain } = await import("../lib/audit/verify-chain");
  const verdict = await verifyAuditChain();
  if (verdict.intact) {
    console.log(`Audit chain intact: ${verdict.events} events, head ${verdict.head}.`);
  } else {
    const { eventId, type, occurredAt, problem } = verdict.firstBreak;
    console.log(`Audit chain BROKEN at event #${eventId} (${type}, ${occurredAt.toISOString()}): ${problem}. ${verdict.events} events before it check out.`);
  }
  exitCode = verdict.intact ? 0 : 1;
} catch (error) {
  console.error(`The audit check could not run: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  const holder = globalThis as unknown as { imprimaturDb?: { $disconnect: () => Promise<void> } };
  await holder.imprimaturDb?.$disconnect();
  await embedded?.stop();
}
process.exit(exitCode);
