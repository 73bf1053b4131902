import type { ReactNode } from "react";
import { formatUtc } from "@/lib/dates/format-utc";

type SealState = {
  status: "pending" | "waiting_for_timestamp" | "sealed" | "failed" | null;
  attempts: number;
  error: string | null;
  /** When the seal first found the timestamp authority unavailable (while it waits). */
  waitingSince?: Date | null;
  /** The stored seal's timestamp, once sealed. */
  document?: { timestampAt: Date | null; timestampAuthority: string | null; timestampMissing: boolean } | null;
  /** How long the authority was unavailable before the seal went ahead without it. */
  waitedMinutes?: number | null;
  /** The first document timestamp added to the sealed PDF, which re-timestamps a seal made without one. */
  documentTimestamp?: { timestampAt: Date; timestampAuthority: string } | null;
};

/**
 * Where the signed PDF stands, as staff need to know it: sealing (or waiting for the timestamp
 * authority), sealed and who vouches for its time, or failed and why.
 */
export function SealStatus({ seal, retry }: { seal: SealState; retry?: ReactNode }) {
  if (seal.status === "sealed") return <SealedStatus {...seal} />;
  if (seal.status === "pending")
    return (
      <span>
        Signed — sealing{seal.attempts > 0 ? ` (attempt ${seal.attempts + 1}; last error: ${seal.error})` : "…"}
      </span>
    );
  if (seal.status === "waiting_for_timestamp")
    return (
      <span>
        Signed — sealing, waiting for the timestamp authority
        {seal.waitingSince ? ` since ${formatUtc(seal.waitingSince)}` : ""} ({seal.error})
      </span>
    );
  if (seal.status === "failed")
    return (
      <span className="stack">
        <strong className="field-error">
          Seal failed after {seal.attempts} attempts: {seal.error}
        </strong>{" "}
        {retry}
      </span>
    );
  return <span>—</span>;
}

function SealedStatus({ document, waitedMinutes, documentTimestamp }: SealState) {
  if (!document) return <span>Sealed</span>;
  if (document.timestampAt)
    return (
      <span>
        Sealed — timestamp by {document.timestampAuthority} at {formatUtc(document.timestampAt)}
      </span>
    );
  if (document.timestampMissing && documentTimestamp)
    return (
      <span>
        Sealed without a timestamp (the authority was unavailable); re-timestamped by{" "}
        {documentTimestamp.timestampAuthority} at {formatUtc(documentTimestamp.timestampAt)}
      </span>
    );
  if (document.timestampMissing)
    return (
      <strong className="field-error">
        Sealed without a timestamp — the authority was unavailable
        {waitedMinutes !== null && waitedMinutes !== undefined ? ` for ${waitedMinutes} min` : ""}; it will be
        re-timestamped
      </strong>
    );
  return <span>Sealed — the time is this server&apos;s own (no timestamp authority configured)</span>;
}
