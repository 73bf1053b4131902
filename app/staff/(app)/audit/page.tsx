import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { formatUtc } from "@/lib/dates/format-utc";
import { findAuditEvent } from "@/lib/audit/find-audit-event";
import { checkpointEveryEvents } from "@/lib/audit/checkpoint-settings";
import { CheckpointTimestamps } from "@/components/checkpoint-timestamps";

export const metadata: Metadata = { title: "Audit log check" };

const HEADINGS = {
  link: "An event was deleted or inserted",
  content: "An event was edited",
  deleted: "An event a checkpoint vouches for is gone",
  truncated: "The newest events were deleted",
  rewritten: "The chain was rewritten",
  forged: "A checkpoint is forged",
  checkpoint_missing: "Checkpoints were deleted",
  backdated: "A checkpoint is backdated",
  timestamp_invalid: "A checkpoint's timestamp does not hold",
  untimestamped: "Checkpoints are not timestamped",
} as const;

export default async function AuditPage() {
  await requireStaffPage("audit.view");
  const verdict = await verifyAuditChain();
  const broken =
    verdict.intact || (verdict.firstBreak.kind !== "link" && verdict.firstBreak.kind !== "content")
      ? null
      : await findAuditEvent(verdict.firstBreak.eventId);
  return (
    <>
      <h1>Audit log check</h1>
      <p>
        Every event is chained to the one before by SHA-256, so an event edited, deleted or inserted in the database
        afterwards shows up here. The chain&apos;s head is also kept in checkpoints signed with the publisher&apos;s
        seal certificate (every {checkpointEveryEvents()} events, hourly, and at every seal, whose PDF prints it):
        deleting the newest events or recomputing the chain does not match them. The same check runs from the command
        line: <code>npm run audit:verify</code>. With a timestamp authority configured, each checkpoint also gets its
        RFC 3161 timestamp, so a chain recomputed later cannot be passed off as an old one.
      </p>
      {verdict.intact ? (
        <div className="notice ok" role="status">
          <p>
            <strong>Intact.</strong> All {verdict.events} events check out and agree with all {verdict.checkpoints}{" "}
            signed checkpoints.
          </p>
          <p>
            Chain head: <code>{verdict.head}</code>
          </p>
        </div>
      ) : (
        <div className="notice error" role="alert">
          {verdict.problems.map((problem, index) => (
            <p key={index}>
              <strong>{HEADINGS[problem.kind]}</strong>
              {problem.kind === "link" || problem.kind === "content"
                ? ` at event #${problem.eventId} (${problem.type}, ${formatUtc(problem.occurredAt)})`
                : ""}
              : {problem.problem}.
            </p>
          ))}
          <p>
            The {verdict.events} events before the first break check out; {verdict.checkpoints} signed checkpoints were
            compared.
          </p>
          {broken?.agreementId ? (
            <p>
              The first broken event belongs to{" "}
              <Link href={`/staff/agreements/${broken.agreementId}`}>this agreement</Link>.
            </p>
          ) : null}
        </div>
      )}
      <CheckpointTimestamps summary={verdict.timestamps} />
    </>
  );
}
