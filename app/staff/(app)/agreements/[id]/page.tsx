import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AgreementDocument } from "@/components/agreement-document";
import { AuditTimeline } from "@/components/audit-timeline";
import { ChoiceAnswersSummary } from "@/components/choice-fields";
import { AddTimestampForm } from "@/components/add-timestamp-form";
import { CorrectionsPanel } from "@/components/corrections-panel";
import { SignersSection } from "@/components/signers-section";
import { DocumentTimestamps } from "@/components/document-timestamps";
import { EmailStatus } from "@/components/email-status";
import { MarkPublishedForm } from "@/components/mark-published-form";
import { RetrySealForm } from "@/components/retry-seal-form";
import { SealStatus } from "@/components/seal-status";
import { StatusBadge } from "@/components/status-badge";
import { parseAgreementBlocks } from "@/lib/agreements/agreement-blocks";
import { authorLinesOf } from "@/lib/agreements/author-entry";
import { getAgreementRecord } from "@/lib/agreements/get-agreement-record";
import { storedChoiceAnswers } from "@/lib/agreements/stored-choice-answers";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { formatUtc } from "@/lib/dates/format-utc";
import { nextDeliveryAttempts } from "@/lib/mail/next-delivery-attempts";

import { retrySealAction } from "./actions";
import {
  changeEmailAction,
  reissueAction,
  resendAction,
  voidAction,
  signerEmailAction,
  signerResendAction,
} from "./correction-actions";
import { markPublishedAction } from "./publish-action";
import { addTimestampAction } from "./timestamp-action";
import { TableScroll } from "@/components/table-scroll";

export const metadata: Metadata = { title: "Agreement" };

/** How long the timestamp authority was unavailable before the seal went ahead without it. */
function waitedMinutes(events: { type: string; data: unknown }[]): number | null {
  const event = events.find(({ type }) => type === "agreement.sealed_without_timestamp");
  const minutes = (event?.data as { waitedMinutes?: unknown } | undefined)?.waitedMinutes;
  return typeof minutes === "number" ? minutes : null;
}

export default async function AgreementPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ issued?: string }>;
}) {
  const { staff } = await requireStaffPage("agreements.view");
  const { id } = await params;
  const { issued } = await searchParams;
  const record = await getAgreementRecord(id);
  if (!record) notFound();
  const nextAttempts = await nextDeliveryAttempts(
    record.emails.filter((email) => email.status === "queued").map((email) => email.id),
  );
  const sealed = record.signedDocument;
  return (
    <div className="stack">
      {issued ? (
        <p className="notice ok" role="status">
          Agreement issued. The invitation to {record.correspondingAuthorEmail} is on its way.
        </p>
      ) : null}
      <h1>{record.articleTitle}</h1>
      <section className="card" aria-labelledby="facts-heading">
        <h2 id="facts-heading" className="visually-hidden">
          Record
        </h2>
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <StatusBadge status={record.status} />
          </dd>
          {record.sealStatus ? (
            <>
              <dt>Signed PDF</dt>
              <dd>
                <SealStatus
                  seal={{
                    status: record.sealStatus,
                    attempts: record.sealAttempts,
                    error: record.sealError,
                    waitingSince: record.sealWaitingSince,
                    document: sealed,
                    waitedMinutes: waitedMinutes(record.auditEvents),
                    documentTimestamp: record.timestampedDocuments[0] ?? null,
                  }}
                  retry={<RetrySealForm action={retrySealAction.bind(null, record.id)} />}
                />
              </dd>
            </>
          ) : null}
          <dt>Proceedings</dt>
          <dd>{record.proceedings.name}</dd>
          <dt>Corresponding author</dt>
          <dd>
            {record.correspondingAuthorName} &lt;{record.correspondingAuthorEmail}&gt;
          </dd>
          <dt>All authors</dt>
          <dd>{record.authors.join("; ")}</dd>
          <dt>Issued</dt>
          <dd>
            {formatUtc(record.issuedAt)}
            {record.issuedBy ? ` by ${record.issuedBy.email}` : ""}
          </dd>
          {record.signedAt ? (
            <>
              <dt>Signed</dt>
              <dd>
                {formatUtc(record.signedAt)} as “{record.signatureName}”
                {record.signerIp ? ` from ${record.signerIp}` : ""}
              </dd>
            </>
          ) : null}
          {record.publishedAt ? (
            <>
              <dt>Published</dt>
              <dd>{record.publishedAt.toISOString().slice(0, 10)}</dd>
            </>
          ) : null}
          {record.declinedAt ? (
            <>
              <dt>Declined</dt>
              <dd>
                {formatUtc(record.declinedAt)}: {record.declineReason}
              </dd>
            </>
          ) : null}
          <dt>Template</dt>
          <dd data-testid="agreement-template">
            <Link href={`/staff/templates/${record.templateVersion.key}`}>{record.templateVersion.template.name}</Link>,
            version {record.templateVersion.version} (<code>{record.templateVersion.key}</code>)
          </dd>
          <dt>Text SHA-256</dt>
          <dd>
            <code>{record.textSha256}</code>
          </dd>
          {record.signedTextSha256 ? (
            <>
              <dt>Signed text SHA-256</dt>
              <dd>
                <code>{record.signedTextSha256}</code> (the text with the author’s choices)
              </dd>
            </>
          ) : null}
          {sealed ? (
            <>
              <dt>Sealed document</dt>
              <dd>
                <a href={`/staff/agreements/${record.id}/pdf`}>Download signed PDF</a> (
                {Math.round(sealed.sizeBytes / 1024)} KB, sealed {formatUtc(sealed.sealedAt)}, SHA-256{" "}
                <code>{sealed.sha256}</code>)
              </dd>
              <dt>Document timestamps</dt>
              <dd>
                <DocumentTimestamps
                  versions={record.timestampedDocuments}
                  add={
                    can(staff.role, "documents.timestamp") ? (
                      <AddTimestampForm action={addTimestampAction.bind(null, record.id)} />
                    ) : null
                  }
                />
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      {record.supersedes ? (
        <p className="notice">
          This agreement supersedes <Link href={`/staff/agreements/${record.supersedes.id}`}>an earlier one</Link>.
        </p>
      ) : null}
      {record.supersededBy ? (
        <p className="notice">
          Superseded by <Link href={`/staff/agreements/${record.supersededBy.id}`}>a reissued agreement</Link>.
        </p>
      ) : null}
      {record.voidedAt ? (
        <p className="notice error">
          Voided {formatUtc(record.voidedAt)}: {record.voidReason}
        </p>
      ) : null}
      <SignersSection
        // The fields the section shows, not each signer's whole row (its user agent, language, reason…).
        signers={record.signers.map(({ id, name, email, status, typedName, signedAt, ip, declinedAt }) => {
          return { id, name, email, status, typedName, signedAt, ip, declinedAt };
        })}
        correct={
          can(staff.role, "agreements.correct") && (record.status === "sent" || record.status === "viewed")
            ? Object.fromEntries(
                record.signers.map((signer) => [
                  signer.id,
                  {
                    resend: signerResendAction.bind(null, record.id, signer.id),
                    changeEmail: signerEmailAction.bind(null, record.id, signer.id),
                  },
                ]),
              )
            : null
        }
      />
      {can(staff.role, "agreements.correct") && !record.supersededBy && record.status !== "signed" ? (
        <CorrectionsPanel
          open={record.status === "sent" || record.status === "viewed"}
          reissuable
          // Only what the form shows: a client component's props travel to the browser whole.
          current={{
            articleTitle: record.articleTitle,
            correspondingAuthorName: record.correspondingAuthorName,
            authorLines: authorLinesOf(record),
          }}
          resend={resendAction.bind(null, record.id)}
          changeEmail={changeEmailAction.bind(null, record.id)}
          voidIt={voidAction.bind(null, record.id)}
          reissue={reissueAction.bind(null, record.id)}
        />
      ) : null}
      {can(staff.role, "agreements.correct") && record.status === "signed" ? (
        <MarkPublishedForm
          action={markPublishedAction.bind(null, record.id)}
          publishedOn={record.publishedAt ? record.publishedAt.toISOString().slice(0, 10) : null}
        />
      ) : null}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <AuditTimeline events={record.auditEvents} />
      </section>
      <section aria-labelledby="emails-heading">
        <h2 id="emails-heading">Emails</h2>
        <TableScroll label="Emails sent for this agreement">
          <table>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">To</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {record.emails.map((email) => (
                <tr key={email.id}>
                  <td>{email.kind.replace("_", " ")}</td>
                  <td>{email.to}</td>
                  <td>
                    <EmailStatus email={{ ...email, nextAttemptAt: nextAttempts.get(email.id) }} />
                  </td>
                  <td>{email.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <ChoiceAnswersSummary answers={storedChoiceAnswers(record.choiceAnswers)} heading="The author’s choices" />
      {record.signedText ? (
        <section aria-labelledby="signed-text-heading">
          <h2 id="signed-text-heading">The agreement as signed</h2>
          <AgreementDocument
            blocks={parseAgreementBlocks(record.signedText)}
            emphasis={[record.articleTitle, record.correspondingAuthorName]}
          />
        </section>
      ) : null}
      <section aria-labelledby="text-heading">
        <h2 id="text-heading">The agreement as issued</h2>
        <AgreementDocument
          blocks={parseAgreementBlocks(record.text)}
          emphasis={[record.articleTitle, record.correspondingAuthorName]}
        />
      </section>
      <p>
        <a href={`/staff/agreements/${record.id}/evidence`}>Download evidence pack</a> (signed PDF, every audit event,
        chain proof) · <Link href="/staff/agreements">Back to all agreements</Link>
      </p>
    </div>
  );
}
