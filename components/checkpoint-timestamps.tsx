import type { CheckpointTimestampSummary } from "@/lib/audit/check-checkpoint-timestamps";
import { formatUtc } from "@/lib/dates/format-utc";

const SHOWN_MISSING = 5;

/** The audit page's account of the checkpoints' RFC 3161 timestamps: what an outside authority vouches for. */
export function CheckpointTimestamps({ summary }: { summary: CheckpointTimestampSummary }) {
  const { newest, missing } = summary;
  return (
    <section aria-labelledby="checkpoint-timestamps">
      <h2 id="checkpoint-timestamps">Timestamps of the checkpoints</h2>
      {newest ? (
        <p>
          Newest timestamped checkpoint: the log up to <strong>event #{newest.eventId}</strong> existed by{" "}
          <strong>{formatUtc(newest.time)}</strong>, says the timestamp authority <strong>{newest.authority}</strong>{" "}
          (checkpoint #{newest.checkpointId}). {summary.timestamped} of {summary.checkpoints} signed checkpoints are
          timestamped
          {summary.authorities.length > 1
            ? `, by ${summary.authorities.map((authority) => authority.name).join(", ")}`
            : ""}
          .{summary.trustChecked ? "" : " TSA_TRUSTED_CERTS is not set, so no authority's certificate was checked."}
        </p>
      ) : (
        <p>
          No checkpoint is timestamped by an outside authority:{" "}
          {summary.configured
            ? "none has been timestamped yet."
            : "TSA_URL is not set, so the times of the checkpoints are this server's own."}
        </p>
      )}
      {missing.length > 0 && summary.configured ? (
        <p className="notice" role="status">
          {missing.length === 1 ? "One checkpoint has" : `${missing.length} checkpoints have`} no timestamp (the
          authority was unavailable, or they predate TSA_URL):{" "}
          {missing
            .slice(-SHOWN_MISSING)
            .map((checkpoint) => `#${checkpoint.checkpointId} of ${formatUtc(checkpoint.createdAt)}`)
            .join(", ")}
          {missing.length > SHOWN_MISSING ? ` and ${missing.length - SHOWN_MISSING} older` : ""}.
        </p>
      ) : null}
    </section>
  );
}
