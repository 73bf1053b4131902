// `npm run audit:verify`: recomputes the audit log's hash chain, holds it against every signed
// checkpoint and every checkpoint's timestamp, and says in plain words what is wrong. Exit 0 when
// intact, 1 when broken, 2 when the check could not run. Checkpoints without a timestamp are
// warnings; `npm run audit:verify -- --require-timestamps` counts them as broken.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { CheckpointTimestampSummary } from "../lib/audit/check-checkpoint-timestamps";
import { openDatabaseTarget, type DatabaseTarget } from "../lib/db/backup/database-target";

// Missing timestamps listed one by one up to this many; beyond, the oldest are counted.
const SHOWN_MISSING = 10;

let target: DatabaseTarget | undefined;
let exitCode = 2;
try {
  const { values: flags } = parseArgs({ options: { "require-timestamps": { type: "boolean" } } });
  // The database `npm start` uses (the embedded one is started for the check unless the app holds
  // it). Reading needs no more than the app's own role.
  target = await openDatabaseTarget();
  process.env.DATABASE_URL = target.appUrl;
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
  const verdict = await verifyAuditChain({ requireTimestamps: flags["require-timestamps"] });
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
  for (const line of timestampLines(verdict.timestamps)) console.log(line);
  exitCode = verdict.intact ? 0 : 1;
} catch (error) {
  console.error(`The audit check could not run: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  const holder = globalThis as unknown as { imprimaturDb?: { $disconnect: () => Promise<void> } };
  await holder.imprimaturDb?.$disconnect();
  await target?.close();
}
process.exit(exitCode);

/** What the checkpoints' timestamps prove, which authorities gave them, and which are missing. */
function timestampLines(summary: CheckpointTimestampSummary): string[] {
  if (summary.checkpoints === 0) return [];
  const lines: string[] = [];
  const { newest, missing } = summary;
  if (newest) {
    const by = summary.authorities
      .map(
        (authority) =>
          `${authority.name} (${authority.checkpoints}; certificate SHA-256 ${authority.certificateSha256})`,
      )
      .join(", ");
    lines.push(`Timestamped: ${summary.timestamped} of ${summary.checkpoints} checkpoints, by ${by}.`);
    lines.push(
      `The log up to event #${newest.eventId} existed by ${newest.time.toISOString()}, says ${newest.authority} (checkpoint #${newest.checkpointId}).`,
    );
    if (!summary.trustChecked)
      lines.push(
        "Warning: TSA_TRUSTED_CERTS is not set, so the authorities above were not checked against a root you trust.",
      );
  } else if (!summary.configured && missing.length === summary.checkpoints) {
    lines.push("Timestamped: none (TSA_URL is not set): the checkpoints' times are this server's own.");
    return lines;
  } else {
    lines.push(`Timestamped: none of the ${summary.checkpoints} checkpoints holds a valid timestamp.`);
  }
  const shown = missing.slice(-SHOWN_MISSING);
  for (const checkpoint of shown)
    lines.push(
      `Warning: checkpoint #${checkpoint.checkpointId} (of ${checkpoint.createdAt.toISOString()}, for event #${checkpoint.eventId}) has no timestamp.`,
    );
  if (missing.length > shown.length)
    lines.push(`Warning: ${missing.length - shown.length} older checkpoints have no timestamp either.`);
  return lines;
}
