import "server-only";
import { db } from "@/lib/db/client";
import type { AuditCheckpoint } from "@/lib/db/generated/client";
import { signingCertificateFromEnv } from "@/lib/signing/signing-certificate";
import { chainHash, GENESIS_HASH } from "./canonical-event";
import { checkCheckpointTimestamps, type CheckpointTimestampSummary } from "./check-checkpoint-timestamps";
import { checkpointSignatureProblem } from "./checkpoint-signature";
import { formerSealFingerprints } from "./checkpoint-settings";
import { sealedHeadCheck } from "./sealed-chain-heads";

export type ChainProblemKind =
  | "link"
  | "content"
  | "deleted"
  | "truncated"
  | "rewritten"
  | "forged"
  | "checkpoint_missing"
  | "backdated"
  | "timestamp_invalid"
  | "untimestamped";
export type ChainBreak = {
  eventId: string;
  type: string;
  occurredAt: Date;
  problem: string;
  kind: ChainProblemKind;
  checkpointId?: string;
};
export type ChainVerdict = { checkpoints: number; timestamps: CheckpointTimestampSummary } & (
  | { intact: true; events: number; head: string }
  | { intact: false; events: number; firstBreak: ChainBreak; problems: ChainBreak[] }
);

const BATCH = 5000;
const short = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * Recomputes the hash chain from the first event, in one pass, and holds it against every signed
 * checkpoint. The chain alone shows an edited event (it no longer matches its hash) and a deleted
 * or inserted one (its successor no longer links); the checkpoints show what the chain cannot:
 * newest events deleted (a checkpoint's event is gone), the chain rewritten with every later hash
 * recomputed (a checkpoint's hash or count no longer matches), and checkpoints forged. Their
 * timestamps show checkpoints written later than they claim (check-checkpoint-timestamps.ts);
 * checkpoints without one are listed in `timestamps.missing`, and are problems only with
 * `requireTimestamps`. `events` counts the events that check out before the first break.
 */
export async function verifyAuditChain(options: { requireTimestamps?: boolean } = {}): Promise<ChainVerdict> {
  const { trusted, forged } = await screenCheckpoints();
  const timestamps = await checkCheckpointTimestamps(trusted, options);
  const sealedHeads = await sealedHeadCheck(
    new Set(
      trusted
        .filter((checkpoint) => checkpoint.reason === "seal" && checkpoint.agreementId)
        .map((checkpoint) => checkpoint.agreementId!),
    ),
  );
  const problems: ChainBreak[] = [...forged, ...timestamps.problems];
  let linkBreak: ChainBreak | null = null;
  let previous = GENESIS_HASH;
  let total = 0;
  let good = 0;
  let last: { id: bigint; hash: string } | null = null;
  let next = 0; // the first trusted checkpoint not yet compared
  let lastMatching: AuditCheckpoint | null = null;
  let cursor: bigint | undefined;
  for (;;) {
    const events = await db.auditEvent.findMany({
      orderBy: { id: "asc" },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const event of events) {
      const at = { eventId: String(event.id), type: event.type, occurredAt: event.occurredAt };
      if (!linkBreak && event.prevHash !== previous) {
        linkBreak = {
          ...at,
          kind: "link",
          problem:
            "it does not link to the event before it: an event was deleted or inserted just before it, or it was altered",
        };
      }
      const expected = chainHash(event.prevHash, {
        agreementId: event.agreementId,
        type: event.type,
        actor: event.actor,
        occurredAt: event.occurredAt,
        ip: event.ip,
        userAgent: event.userAgent,
        data: event.data,
      });
      if (!linkBreak && event.hash !== expected)
        linkBreak = {
          ...at,
          kind: "content",
          problem: "its content no longer matches its hash: it was edited after it was recorded",
        };
      previous = event.hash;
      total++;
      if (!linkBreak) good++;
      // Checkpoints are sorted by event id, as the events are: one pointer walks both.
      for (; next < trusted.length && trusted[next].eventId <= event.id; next++) {
        const checkpoint = trusted[next];
        if (checkpoint.eventId < event.id) {
          problems.push(
            missing(
              checkpoint,
              `event #${checkpoint.eventId}, which a checkpoint of ${iso(checkpoint.createdAt)} vouches for, was deleted`,
              "deleted",
            ),
          );
          continue;
        }
        const problem = mismatch(checkpoint, event.hash, BigInt(total), lastMatching);
        if (problem) problems.push({ ...at, ...problem, checkpointId: String(checkpoint.id) });
        else lastMatching = checkpoint;
      }
      sealedHeads.see(event);
      last = { id: event.id, hash: event.hash };
    }
    if (events.length < BATCH) break;
    cursor = events[events.length - 1].id;
  }
  const beyond = trusted.slice(next);
  if (beyond.length > 0) {
    const furthest = beyond.reduce((a, b) => (a.eventCount > b.eventCount ? a : b));
    const end = last ? `#${last.id}` : "nothing (it is empty)";
    problems.push(
      missing(
        furthest,
        `the log was truncated: a checkpoint of ${iso(furthest.createdAt)} vouches for ${furthest.eventCount} events up to #${furthest.eventId}, but the log now ends at ${end} with ${total} events — events after ${last ? `#${last.id}` : "the start"} were deleted`,
        "truncated",
      ),
    );
  }
  problems.push(...sealedHeads.finish(last));
  if (linkBreak) problems.unshift(linkBreak);
  collapseRepeats(problems, "rewritten");
  collapseRepeats(problems, "deleted");
  collapseRepeats(problems, "checkpoint_missing");
  const checkpoints = trusted.length + forged.length;
  const summary = { checkpoints, timestamps: timestamps.summary };
  if (problems.length === 0) return { intact: true, events: total, head: last?.hash ?? GENESIS_HASH, ...summary };
  return { intact: false, events: good, firstBreak: problems[0], problems, ...summary };
}

/** After one rewrite every later checkpoint disagrees too: name the first, count the rest. */
function collapseRepeats(problems: ChainBreak[], kind: ChainProblemKind) {
  const same = problems.filter((problem) => problem.kind === kind);
  if (same.length < 2) return;
  const [first, ...rest] = same;
  first.problem += ` (${rest.length} later ${rest.length === 1 ? "checkpoint disagrees" : "checkpoints disagree"} as well)`;
  for (const repeat of rest) problems.splice(problems.indexOf(repeat), 1);
}

function mismatch(
  checkpoint: AuditCheckpoint,
  hash: string,
  count: bigint,
  lastMatching: AuditCheckpoint | null,
): Pick<ChainBreak, "kind" | "problem"> | null {
  if (checkpoint.eventHash === hash && checkpoint.eventCount === count) return null;
  const since = lastMatching
    ? `after event #${lastMatching.eventId} (the last checkpoint that still matches) and `
    : "";
  const what = [
    checkpoint.eventHash !== hash
      ? `recorded its hash as ${short(checkpoint.eventHash)}, the log now has ${short(hash)}`
      : null,
    checkpoint.eventCount !== count
      ? `counted ${checkpoint.eventCount} events up to it, the log now has ${count} (${checkpoint.eventCount > count ? "events were removed" : "events were inserted"})`
      : null,
  ]
    .filter(Boolean)
    .join(" and ");
  return {
    kind: "rewritten",
    problem: `the chain was rewritten and its hashes recomputed: a checkpoint of ${iso(checkpoint.createdAt)} ${what}; the change lies ${since}at or before this event`,
  };
}

function missing(checkpoint: AuditCheckpoint, problem: string, kind: ChainProblemKind): ChainBreak {
  return {
    eventId: String(checkpoint.eventId),
    type: "(deleted)",
    occurredAt: checkpoint.createdAt,
    kind,
    problem,
    checkpointId: String(checkpoint.id),
  };
}

const iso = (date: Date) => date.toISOString();

/**
 * Every checkpoint, split into those whose signature holds and those forged or altered. The
 * seal certificate is only loaded when there is something to check.
 */
async function screenCheckpoints(): Promise<{ trusted: AuditCheckpoint[]; forged: ChainBreak[] }> {
  const all = await db.auditCheckpoint.findMany({ orderBy: [{ eventId: "asc" }, { id: "asc" }] });
  if (all.length === 0) return { trusted: [], forged: [] };
  const fingerprints = new Set([(await signingCertificateFromEnv()).fingerprintSha256, ...formerSealFingerprints()]);
  const trusted: AuditCheckpoint[] = [];
  const forged: ChainBreak[] = [];
  for (const checkpoint of all) {
    const problem = checkpointSignatureProblem(checkpoint, fingerprints);
    if (!problem) trusted.push(checkpoint);
    else
      forged.push({
        eventId: String(checkpoint.eventId),
        type: "(checkpoint)",
        occurredAt: checkpoint.createdAt,
        kind: "forged",
        checkpointId: String(checkpoint.id),
        problem: `checkpoint #${checkpoint.id} (of ${iso(checkpoint.createdAt)}, for event #${checkpoint.eventId}) cannot be trusted: ${problem}. It was forged or altered, and is left out of the comparison`,
      });
  }
  return { trusted, forged };
}
