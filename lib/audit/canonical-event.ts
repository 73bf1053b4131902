import { sha256Hex } from "@/lib/crypto/hashing";

export type AuditEventContent = {
  agreementId: string | null;
  type: string;
  actor: string;
  occurredAt: Date;
  ip: string | null;
  userAgent: string | null;
  data: unknown;
};

/** JSON with object keys sorted, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function canonicalEvent(event: AuditEventContent): string {
  return canonicalJson({ ...event, occurredAt: event.occurredAt.toISOString() });
}

/**
 * An event's canonical JSON around its date, `[before, after]`: canonicalEvent(event) is
 * `before + occurredAt.toISOString() + after`. The chain's writer dates an event inside
 * PostgreSQL, once it holds the chain's lock (audit_append), and hashes it there from these parts.
 */
export function canonicalEventAround(event: Omit<AuditEventContent, "occurredAt">): [string, string] {
  const entries = Object.entries({ ...event, occurredAt: null })
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const at = entries.findIndex(([k]) => k === "occurredAt");
  const field = ([k, v]: [string, unknown]) => `${JSON.stringify(k)}:${canonicalJson(v)}`;
  const before = entries.slice(0, at).map(field);
  const after = entries.slice(at + 1).map(field);
  return [`{${before.map((f) => `${f},`).join("")}"occurredAt":"`, `"${after.map((f) => `,${f}`).join("")}}`];
}

export const GENESIS_HASH = "0".repeat(64);

export function chainHash(prevHash: string, event: AuditEventContent): string {
  return sha256Hex(prevHash + canonicalEvent(event));
}
