/** A checkpoint at least every this many events (AUDIT_CHECKPOINT_EVENTS, default 100)… */
export function checkpointEveryEvents(): number {
  return positive(process.env.AUDIT_CHECKPOINT_EVENTS, 100, "AUDIT_CHECKPOINT_EVENTS");
}

/** …or this often while events keep coming (AUDIT_CHECKPOINT_MINUTES, default 60), whichever first. */
export function checkpointEveryMs(): number {
  return positive(process.env.AUDIT_CHECKPOINT_MINUTES, 60, "AUDIT_CHECKPOINT_MINUTES") * 60_000;
}

/** Seal certificates used before the current one, whose checkpoints still count (comma separated SHA-256). */
export function formerSealFingerprints(): string[] {
  return (process.env.AUDIT_FORMER_SEAL_FINGERPRINTS ?? "")
    .split(",")
    .map((value) => value.replaceAll(":", "").trim().toLowerCase())
    .filter(Boolean);
}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === "") return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`${name} must be a whole number of at least 1, not "${value}".`);
  return number;
}
