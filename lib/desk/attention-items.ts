import { agreementListHref } from "@/lib/agreements/search/agreement-list-href";
import { parseAgreementQuery, type AgreementQuery } from "@/lib/agreements/search/agreement-query";

export const ATTENTION_KEYS = [
  "email_failed",
  "seal_failed",
  "seal_waiting_for_timestamp",
  "link_expiring",
  "name_mismatch",
  "termination_due",
  "declined",
] as const;
export type AttentionKey = (typeof ATTENTION_KEYS)[number];

export type AttentionItem = {
  key: AttentionKey;
  /** "3 emails failed": the line's words for a count. */
  label: (count: number) => string;
  /** What to do about it, in a few words. */
  hint: string;
  /** The staff list's filter that shows exactly the rows counted. */
  query: AgreementQuery;
};

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

// The staff home's "needs attention" lines. Each is a filter of the staff list, so that following a
// count shows exactly the rows counted (countAttention counts with the list's own WHERE clause).
//
// A declined agreement is "handled" once staff have reissued it (the reissue supersedes it, and the
// list shows current agreements only) or voided it (its status becomes voided): what remains in the
// list under status=declined is what still waits for a decision.
export const ATTENTION_ITEMS: readonly AttentionItem[] = [
  {
    key: "email_failed",
    label: (n) => `${plural(n, "agreement", "agreements")} whose last email failed`,
    hint: "correct the address or resend",
    query: parseAgreementQuery({ flag: "email_failed" }),
  },
  {
    key: "seal_failed",
    label: (n) => `${plural(n, "seal", "seals")} failed`,
    hint: "retry the seal from the agreement",
    query: parseAgreementQuery({ flag: "seal_failed" }),
  },
  {
    key: "seal_waiting_for_timestamp",
    label: (n) => `${plural(n, "seal", "seals")} waiting for the timestamp authority`,
    hint: "retried automatically",
    query: parseAgreementQuery({ flag: "seal_waiting_for_timestamp" }),
  },
  {
    key: "link_expiring",
    label: (n) => `${plural(n, "signing link", "signing links")} expiring within 3 days`,
    hint: "resend the invitation if the author needs longer",
    query: parseAgreementQuery({ flag: "link_expiring" }),
  },
  {
    key: "name_mismatch",
    label: (n) => `${plural(n, "agreement", "agreements")} signed under another name`,
    hint: "check the typed name against the invited author",
    query: parseAgreementQuery({ flag: "name_mismatch" }),
  },
  {
    key: "termination_due",
    label: (n) => `${plural(n, "agreement", "agreements")} terminating within 30 days (clause 7)`,
    hint: "publish, or mark published",
    query: parseAgreementQuery({ flag: "termination_due" }),
  },
  {
    key: "declined",
    label: (n) => `${plural(n, "declined agreement", "declined agreements")} not yet reissued or voided`,
    hint: "reissue or void each",
    query: parseAgreementQuery({ status: "declined" }),
  },
];

/** The staff list's address for an attention line. */
export const attentionHref = (item: AttentionItem) => agreementListHref(item.query);
