/** What a checkpoint vouches for; its signature covers exactly this. */
export type CheckpointContent = {
  eventId: bigint;
  eventHash: string;
  eventCount: bigint;
  reason: string;
  agreementId: string | null;
  createdAt: Date;
  certificateFingerprint: string;
};

/**
 * One line per field, in a fixed order, with a version tag: the bytes that are signed, which a
 * third party can rebuild from the row with nothing but this description.
 */
export function canonicalCheckpoint(checkpoint: CheckpointContent): string {
  return [
    "imprimatur-audit-checkpoint-v1",
    `event-id ${checkpoint.eventId}`,
    `event-hash ${checkpoint.eventHash}`,
    `event-count ${checkpoint.eventCount}`,
    `reason ${checkpoint.reason}`,
    `agreement ${checkpoint.agreementId ?? "-"}`,
    `created-at ${checkpoint.createdAt.toISOString()}`,
    `certificate-sha256 ${checkpoint.certificateFingerprint}`,
  ].join("\n");
}

/**
 * The bytes a timestamp authority vouches for: the canonical checkpoint, a newline, `signature `
 * and the seal's base64 signature, in UTF-8. Covering the signature too means the token proves
 * that this signed checkpoint existed, not only its text; a third party rebuilds these bytes from
 * the row and checks the token with `openssl ts -verify -data`.
 */
export function timestampedCheckpointBytes(checkpoint: CheckpointContent & { signature: string }): Buffer {
  return Buffer.from(`${canonicalCheckpoint(checkpoint)}\nsignature ${checkpoint.signature}`, "utf8");
}
