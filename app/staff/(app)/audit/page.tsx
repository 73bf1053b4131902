import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { formatUtc } from "@/lib/dates/format-utc";
import { findAuditEvent } from "@/lib/audit/find-audit-event";

export const metadata: Metadata = { title: "Audit log check" };

export default async function AuditPage() {
  await requireStaffPage("audit.view");
  const verdict = await verifyAuditChain();
  const broken = verdict.intact ? null : await findAuditEvent(verdict.firstBreak.eventId);
  return (
    <>
      <h1>Audit log check</h1>
      <p>Every event is chained to the one before by SHA-256, so an event edited, deleted or inserted in the database afterwards shows up here. The same check runs from the command line: <code>npm run audit:verify</code>.</p>
      {verdict.intact ? (
        <div className="notice ok" role="status">
          <p>
            <strong>Intact.</strong> All {verdict.events} events check out.
          </p>
          <p>
            Chain head: <code>{verdict.head}</code>
          </p>
        </div>
      ) : (
        <div className="notice error" role="alert">
          <p>
            <strong>Broken at event #{verdict.firstBreak.eventId}</strong> ({verdict.firstBreak.type}, {formatUtc(verdict.firstBreak.occurredAt)}): {verdict.firstBreak.problem}.
          </p>
          <p>The {verdict.events} events before it check out.</p>
          {broken?.agreementId ? (
            <p>
              It belongs to <Link href={`/staff/agreements/${broken.agreementId}`}>this agreement</Link>.
            </p>
          ) : null}
        </div>
      )}
    </>
  );
}
