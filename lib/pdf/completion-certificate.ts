import "server-only";
import { rgb } from "pdf-lib";
import type { FlowSpec } from "@/lib/pdf/layout/page-flow";
import type { ParagraphSpec } from "@/lib/pdf/layout/paragraph-layout";
import type { EvidenceEvent, SealTimeSource, SignedAgreementPdfInput } from "./signed-agreement-pdf-input";
import type { TableRowSpec } from "@/lib/pdf/layout/table-layout";

const SIZE = 8.5;
const TABLE_SIZE = 7;
const LABEL_COLUMN = 120;
const GREY = rgb(0.35, 0.35, 0.35);
const HAIRLINE = { thickness: 0.3, color: rgb(0.7, 0.7, 0.7) };
const HEADER_RULE = { thickness: 0.6, color: rgb(0.3, 0.3, 0.3) };
// Time, event, actor and IP address take what their longest usual values need; the user agent,
// the longest and least read, gets the rest and wraps.
const FIXED_COLUMNS = [84, 70, 96, 60];
export const EVENT_COLUMN_GAP = 6;

/**
 * The final pages: an evidence record of what was signed, by whom and with what authority, and
 * every audit event of the agreement, so the PDF on its own answers an auditor's questions.
 */
export function completionCertificate(input: SignedAgreementPdfInput, contentWidth: number): FlowSpec[] {
  const { evidence } = input;
  const signers = input.signers ?? [];
  const authority = signers.length
    ? `Signed by each of its ${signers.length} signing authors for themselves; authors: ${input.authors.join("; ")}`
    : `Signed by ${input.correspondingAuthorName} as corresponding author on behalf of all authors: ` +
      `${input.authors.join("; ")}`;
  const verifyAt = input.verifyUrl ? ` at ${input.verifyUrl} or` : "";
  return [
    { spans: [{ text: "Certificate of completion", style: "bold" }], size: 16, leading: 1.3, pageBreakBefore: true },
    note(
      "How this agreement was sent, opened and signed, as recorded in the Imprimatur audit log. All times are UTC.",
      4,
    ),
    heading("Agreement"),
    field("Agreement ID", input.agreementId),
    field("Proceedings", input.proceedingsName),
    field("Article", input.articleTitle),
    field("Text SHA-256", input.textSha256),
    ...(input.issuedTextSha256 ? [field("Issued text SHA-256", input.issuedTextSha256)] : []),
    ...answerFields(input.choiceAnswers),
    ...(signers.length
      ? [
          heading("Signatures"),
          ...signers.map((signer, index) =>
            field(
              `Signer ${index + 1}`,
              `${signer.typedName} · ${signer.email} · ${formatUtcSeconds(signer.signedAt)} · IP ${signer.ip ?? "—"}`,
            ),
          ),
          field("Completed at", formatUtcSeconds(input.signedAt)),
        ]
      : [
          heading("Signature"),
          field("Signing link sent to", evidence.invitedEmail),
          field("Typed signature", input.signatureName),
          field("Signed at", formatUtcSeconds(input.signedAt)),
        ]),
    field("Authority", authority),
    heading("Events"),
    ...eventRows(evidence.events, contentWidth),
    heading("Audit chain"),
    field("Chain head", evidence.chainHead),
    note(
      "SHA-256 of the newest entry in the audit log when this document was sealed. Each entry's hash covers " +
        "the entry before it, so this value fixes the whole history up to the seal.",
      2,
      LABEL_COLUMN,
    ),
    heading("Verification"),
    {
      spans: [
        {
          text: `This document is digitally sealed by ${evidence.sealedBy}. Verify it${verifyAt} with any PDF reader that checks signatures.`,
          style: "regular",
        },
      ],
      size: SIZE,
    },
    {
      spans: [{ text: sealTimeSentence(evidence.sealTime, input.verifyUrl), style: "regular" }],
      size: SIZE,
      spaceBefore: 4,
    },
  ];
}

/**
 * The author's answer to each question the agreement asked, with the short text an answer asked
 * for. The signed text holds the chosen clauses; this lists the choices themselves.
 */
function answerFields(answers: SignedAgreementPdfInput["choiceAnswers"]): ParagraphSpec[] {
  if (!answers || answers.length === 0) return [];
  return [
    heading("The author's choices"),
    // Questions are sentences, too long for the label column: each answer follows its question.
    ...answers.map((answer): ParagraphSpec => ({
      spans: [
        { text: `${answer.question} `, style: "regular" },
        { text: answer.detail ? `${answer.label} — ${answer.detail}` : answer.label, style: "bold" },
      ],
      size: SIZE,
      leading: 1.4,
      spaceBefore: 2,
    })),
  ];
}

/** How the seal's time is vouched for, in words a reader of the paper copy can act on. */
export function sealTimeSentence(source: SealTimeSource, verifyUrl: string | undefined): string {
  if (source.kind === "timestamp_authority")
    return (
      `The seal's time is certified by the timestamp authority ${source.host} (RFC 3161); the time is in the ` +
      `digital signature and shown by ${verifyUrl ?? "any PDF reader that checks signatures"}.`
    );
  if (source.kind === "authority_unavailable")
    return (
      `The seal's time is the publisher's server's own clock: the timestamp authority ${source.host} was ` +
      "unavailable when this document was sealed, so a timestamp from it is to be added to the document later."
    );
  return "The seal's time is the publisher's server's own clock; no timestamp authority vouches for it.";
}

/** "2026-11-26 15:24:07 UTC": events seconds apart must stay in order when read. */
export function formatUtcSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** Widths of the event table's columns: time, event, actor, IP address, user agent. */
export function eventColumnWidths(contentWidth: number): number[] {
  const fixed = FIXED_COLUMNS.reduce((sum, width) => sum + width, 0);
  return [...FIXED_COLUMNS, contentWidth - fixed - FIXED_COLUMNS.length * EVENT_COLUMN_GAP];
}

function eventRows(events: EvidenceEvent[], contentWidth: number): TableRowSpec[] {
  const columns = eventColumnWidths(contentWidth);
  const row = (cells: string[], style: "regular" | "bold"): TableRowSpec => ({
    kind: "row",
    columns,
    gap: EVENT_COLUMN_GAP,
    cells: cells.map((text) => [{ text, style }]),
    size: TABLE_SIZE,
  });
  const header: TableRowSpec = {
    ...row(["Time (UTC)", "Event", "Actor", "IP address", "User agent"], "bold"),
    ruleBelow: HEADER_RULE,
    spaceBefore: 2,
    keepWithNext: true,
  };
  if (events.length === 0)
    return [header, { ...row(["No events recorded.", "", "", "", ""], "regular"), ruleBelow: HAIRLINE }];
  const rows = events.map((event) => ({
    ...row(
      [formatUtcSeconds(event.occurredAt), event.label, event.actor, event.ip ?? "—", event.userAgent ?? "—"],
      "regular",
    ),
    ruleBelow: HAIRLINE,
    header,
  }));
  return [header, ...rows];
}

function heading(text: string): ParagraphSpec {
  return { spans: [{ text, style: "bold" }], size: 10.5, spaceBefore: 14, keepWithNext: true };
}

function field(name: string, value: string): ParagraphSpec {
  return {
    spans: [{ text: value, style: "regular" }],
    size: SIZE,
    leading: 1.4,
    indent: LABEL_COLUMN,
    label: { spans: [{ text: name, style: "regular" }], indent: 0 },
    spaceBefore: 2,
  };
}

function note(text: string, spaceBefore: number, indent = 0): ParagraphSpec {
  return { spans: [{ text, style: "regular" }], size: 7.5, leading: 1.4, indent, color: GREY, spaceBefore };
}
