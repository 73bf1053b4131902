import "server-only";
import type { Tx } from "@/lib/db/client";
import { signingCertificateFromEnv } from "@/lib/signing/signing-certificate";
import type { ChainPosition } from "./chain-head";
import { signCheckpoint } from "./checkpoint-signature";

// "timestamp": the newest checkpoint missed its timestamp (authority unavailable past TSA_GRACE_MINUTES).
export type CheckpointReason = "events" | "hourly" | "seal" | "timestamp";

/**
 * Writes a checkpoint of `head`, signed with the publisher's seal certificate. The app's role may
 * only insert into AuditCheckpoint, so what it writes here stays as written; a superuser who
 * deletes the newest events or recomputes the chain no longer matches it (verify-chain.ts).
 * With TSA_URL set, the checkpoint job timestamps it after this transaction commits
 * (timestamp-checkpoints.ts): the authority is never asked while the chain's lock is held.
 */
export async function recordCheckpoint(
  tx: Pick<Tx, "auditCheckpoint">,
  options: { head: ChainPosition; reason: CheckpointReason; agreementId?: string | null },
) {
  return tx.auditCheckpoint.create({ data: await checkpointRow(options) });
}

/** The signed checkpoint row recordCheckpoint writes, for a caller that inserts it in a statement of its own. */
export async function checkpointRow(options: {
  head: ChainPosition;
  reason: CheckpointReason;
  agreementId?: string | null;
}) {
  const certificate = await signingCertificateFromEnv();
  const content = {
    ...options.head,
    reason: options.reason,
    agreementId: options.agreementId ?? null,
    // Millisecond precision: what timestamp(3) keeps, so the signed string can be rebuilt.
    createdAt: new Date(Date.now()),
    certificateFingerprint: certificate.fingerprintSha256,
  };
  return { ...content, certificatePem: certificate.certificatePem, signature: signCheckpoint(content, certificate) };
}
