import "server-only";
import { db } from "@/lib/db/client";
import type { AuditCheckpoint } from "@/lib/db/generated/client";
import { verifyTimestampToken } from "@/lib/timestamp/verify-timestamp-token";
import { timestampedCheckpointBytes } from "./canonical-checkpoint";
import { checkpointTimestampRules } from "./checkpoint-settings";
import type { ChainBreak } from "./verify-chain";

/** A checkpoint whose token holds: the log up to `eventId` existed by the authority's `time`. */
export type TimestampedPosition = { checkpointId: string; eventId: string; time: Date; authority: string };

export type CheckpointTimestampSummary = {
  /** Whether TSA_URL is set where the check ran (without it, new checkpoints get no token). */
  configured: boolean;
  /** Whether TSA_TRUSTED_CERTS is set, so that each authority's certificate was checked against it. */
  trustChecked: boolean;
  /** Signed checkpoints looked at (forged ones are reported apart and not counted). */
  checkpoints: number;
  /** Checkpoints with a token that holds. */
  timestamped: number;
  /** Every authority whose tokens hold, with its certificate and how many checkpoints it timestamped. */
  authorities: { name: string; certificateSha256: string; checkpoints: number }[];
  newest: TimestampedPosition | null;
  /** Checkpoints without a token, oldest first: a warning, or a problem with `requireTimestamps`. */
  missing: { checkpointId: string; eventId: string; createdAt: Date }[];
};

const iso = (date: Date) => date.toISOString();

/**
 * Holds every signed checkpoint against its RFC 3161 token: the token verifies, it covers exactly
 * that checkpoint's bytes (timestampedCheckpointBytes), its authority chains to TSA_TRUSTED_CERTS
 * when that is set, and the authority's time lies between the checkpoint's createdAt and
 * TSA_GRACE_MINUTES after it (checkpointTimestampRules). A recomputed chain re-checkpointed with
 * the seal key can claim any createdAt, but its tokens carry the day it was really written: it
 * shows as backdated, or, left without tokens, as untimestamped.
 */
export async function checkCheckpointTimestamps(
  checkpoints: readonly AuditCheckpoint[],
  options: { requireTimestamps?: boolean } = {},
): Promise<{ problems: ChainBreak[]; summary: CheckpointTimestampSummary }> {
  const rules = checkpointTimestampRules();
  const stored = new Map(
    checkpoints.length === 0
      ? []
      : (await db.auditCheckpointTimestamp.findMany()).map((token) => [token.checkpointId, token] as const),
  );
  const summary: CheckpointTimestampSummary = {
    configured: rules.configured,
    trustChecked: rules.trustedCertificates.length > 0,
    checkpoints: checkpoints.length,
    timestamped: 0,
    authorities: [],
    newest: null,
    missing: [],
  };
  const backdated: ChainBreak[] = [];
  const invalid: ChainBreak[] = [];
  for (const checkpoint of checkpoints) {
    const label = `checkpoint #${checkpoint.id} (of ${iso(checkpoint.createdAt)}, for event #${checkpoint.eventId})`;
    const at = (kind: ChainBreak["kind"], problem: string): ChainBreak => ({
      eventId: String(checkpoint.eventId),
      type: "(checkpoint)",
      occurredAt: checkpoint.createdAt,
      kind,
      problem,
      checkpointId: String(checkpoint.id),
    });
    const token = stored.get(checkpoint.id);
    if (!token) {
      summary.missing.push({
        checkpointId: String(checkpoint.id),
        eventId: String(checkpoint.eventId),
        createdAt: checkpoint.createdAt,
      });
      continue;
    }
    const verdict = await verifyTimestampToken(Buffer.from(token.token), timestampedCheckpointBytes(checkpoint), {
      trustedCertificates: rules.trustedCertificates,
    });
    if (!verdict.valid || !verdict.time || !verdict.authority) {
      invalid.push(at("timestamp_invalid", `${label} has a timestamp token that does not hold: ${verdict.problem}`));
      continue;
    }
    if (verdict.trusted === false) {
      invalid.push(
        at(
          "timestamp_invalid",
          `${label} was timestamped by "${verdict.authority}" (certificate SHA-256 ${verdict.certificateSha256}), which does not chain to TSA_TRUSTED_CERTS`,
        ),
      );
      continue;
    }
    if (token.time.getTime() !== verdict.time.getTime() || token.authority !== verdict.authority) {
      invalid.push(
        at(
          "timestamp_invalid",
          `${label}: the time and authority stored beside its token (${iso(token.time)}, "${token.authority}") are not the token's own (${iso(verdict.time)}, "${verdict.authority}"); the table was altered`,
        ),
      );
      continue;
    }
    const lead = verdict.time.getTime() - checkpoint.createdAt.getTime();
    if (lead > rules.latestMs) {
      backdated.push(
        at(
          "backdated",
          `${label} is backdated: it claims ${iso(checkpoint.createdAt)}, but the timestamp authority "${verdict.authority}" first saw it at ${iso(verdict.time)}, ${duration(lead)} later (TSA_GRACE_MINUTES allows ${duration(rules.graceMs)}). It was written after the fact, as over a recomputed chain`,
        ),
      );
      continue;
    }
    if (lead < rules.earliestMs) {
      invalid.push(
        at(
          "timestamp_invalid",
          `${label} claims ${iso(checkpoint.createdAt)}, ${duration(-lead)} after the time its timestamp authority "${verdict.authority}" gives (${iso(verdict.time)}): the server's clock was that far ahead, or its createdAt was altered`,
        ),
      );
      continue;
    }
    summary.timestamped++;
    const authority = summary.authorities.find(
      (known) => known.name === verdict.authority && known.certificateSha256 === verdict.certificateSha256,
    );
    if (authority) authority.checkpoints++;
    else
      summary.authorities.push({
        name: verdict.authority,
        certificateSha256: verdict.certificateSha256 ?? "",
        checkpoints: 1,
      });
    // Checkpoints come sorted by event id: the last that holds is the furthest position proven.
    summary.newest = {
      checkpointId: String(checkpoint.id),
      eventId: String(checkpoint.eventId),
      time: verdict.time,
      authority: verdict.authority,
    };
  }
  const problems = [...collapse(backdated, "backdated as well"), ...invalid];
  if (options.requireTimestamps && summary.missing.length > 0) problems.push(untimestamped(summary.missing));
  return { problems, summary };
}

/** A rewritten chain leaves every later checkpoint backdated: name the first, count the rest. */
function collapse(problems: ChainBreak[], what: string): ChainBreak[] {
  if (problems.length < 2) return problems;
  const [first, ...rest] = problems;
  return [
    {
      ...first,
      problem: `${first.problem} (${rest.length} later ${rest.length === 1 ? "checkpoint is" : "checkpoints are"} ${what})`,
    },
  ];
}

function untimestamped(missing: CheckpointTimestampSummary["missing"]): ChainBreak {
  const [first] = missing;
  const last = missing[missing.length - 1];
  const which =
    missing.length === 1
      ? `checkpoint #${first.checkpointId} (of ${iso(first.createdAt)}, for event #${first.eventId}) has`
      : `${missing.length} checkpoints, from #${first.checkpointId} (of ${iso(first.createdAt)}) to #${last.checkpointId} (of ${iso(last.createdAt)}), have`;
  return {
    eventId: first.eventId,
    type: "(checkpoint)",
    occurredAt: first.createdAt,
    kind: "untimestamped",
    problem: `${which} no timestamp from an authority, so nothing outside this server vouches for when ${missing.length === 1 ? "it was" : "they were"} written`,
    checkpointId: first.checkpointId,
  };
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}
