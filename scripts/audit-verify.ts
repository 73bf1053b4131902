// `npm run audit:verify`: recomputes the audit log's hash chain, holds it against every signed
// checkpoint, and says in plain words what is wrong. Exit 0 when intact, 1 when broken, 2 when
// the check could not run.
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { embeddedDatabaseUrls, startEmbeddedDatabase, type EmbeddedDatabase } from "../lib/db/embedded-database";

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
    const dataDir = path.resolve(process.env.DATA_DIR ?? "data");
    const port = Number(process.env.EMBEDDED_DB_PORT ?? 54329);
    // Reading needs no more than the app's own role. The app may be running and holding the
    // embedded database; otherwise start it for the check.
    const { appUrl } = await embeddedDatabaseUrls({ dataDir, port });
    if (!(await reachable(appUrl))) embedded = await startEmbeddedDatabase({ dataDir, port });
    process.env.DATABASE_URL = appUrl;
  }
  // The generated seal is stored encrypted with a key from NEXTAUTH_SECRET: without one set, the
  // secret `npm start` keeps in DATA_DIR, as the app itself uses.
  if (!process.env.NEXTAUTH_SECRET) {
    const kept = path.resolve(process.env.DATA_DIR ?? "data", "nextauth-secret");
    const secret = await readFile(kept, "utf8").then(
      (text) => text.trim(),
      () => "",
    );
    if (secret) process.env.NEXTAUTH_SECRET = secret;
  }
  const { verifyAuditChain } = await import("../lib/audit/verify-chain");
  const verdict = await verifyAuditChain();
  const anchors = verdict.checkpoints === 1 ? "1 signed checkpoint" : `${verdict.checkpoints} signed checkpoints`;
  if (verdict.intact) {
    console.log(`Audit chain intact: ${verdict.events} events, head ${verdict.head}. It agrees with all ${anchors}.`);
  } else {
    const [first, ...others] = verdict.problems;
    if (first.kind === "link" || first.kind === "content") {
      console.log(
        `Audit chain BROKEN at event #${first.eventId} (${first.type}, ${first.occurredAt.toISOString()}): ${first.problem}. ${verdict.events} events before it check out.`,
      );
    } else {
      console.log(`Audit chain BROKEN: ${first.problem}.`);
    }
    for (const problem of others)
      console.log(
        `  Also${problem.kind === "link" || problem.kind === "content" ? ` at event #${problem.eventId}` : ""}: ${problem.problem}.`,
      );
    console.log(`Checked against ${anchors}.`);
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
