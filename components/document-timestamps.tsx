import type { ReactNode } from "react";
import { formatUtc } from "@/lib/dates/format-utc";

export type DocumentTimestampRow = {
  version: number;
  sha256: string;
  sizeBytes: number;
  timestampAt: Date;
  timestampAuthority: string;
  reason: string;
};

const REASONS: Record<string, string> = {
  "seal-certificate-expiring": "the seal certificate nears expiry",
  "authority-certificate-expiring": "the last timestamp's authority certificate nears expiry",
  "timestamp-missing": "the seal was made without a timestamp",
  staff: "added by staff",
};

/** The document-timestamped versions of a sealed PDF, oldest first; downloads serve the last. */
export function DocumentTimestamps({ versions, add }: { versions: DocumentTimestampRow[]; add?: ReactNode }) {
  return (
    <>
      {versions.length === 0 ? (
        <p>None yet: downloads serve the sealed PDF as it was sealed.</p>
      ) : (
        <ol>
          {versions.map((row) => (
            <li key={row.version}>
              {formatUtc(row.timestampAt)} by {row.timestampAuthority} ({REASONS[row.reason] ?? row.reason};{" "}
              {Math.round(row.sizeBytes / 1024)} KB, SHA-256 <code>{row.sha256}</code>)
            </li>
          ))}
        </ol>
      )}
      {versions.length > 0 ? (
        <p className="hint">
          Downloads serve the last version: the sealed PDF, unchanged, with these timestamps appended.
        </p>
      ) : null}
      {add}
    </>
  );
}
