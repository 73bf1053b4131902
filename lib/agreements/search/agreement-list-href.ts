import type { AgreementFlag, AgreementQuery } from "./agreement-query";
import { listColumnsParam } from "./list-columns";

export const AGREEMENTS_PATH = "/staff/agreements";

export const FLAG_LABEL: Record<AgreementFlag, string> = {
  name_mismatch: "Signed under another name",
  email_failed: "Email failed",
  seal_failed: "Sealing failed",
  seal_waiting_for_timestamp: "Seal waiting for the timestamp authority",
  sealed_without_timestamp: "Sealed without a timestamp",
  link_expiring: "Link expiring",
  termination_due: "Terminates soon (clause 7)",
  terminated: "Terminated (clause 7)",
};

export type AgreementQueryValues = Record<
  | "q"
  | "status"
  | "volume"
  | "flag"
  | "choice"
  | "issuedFrom"
  | "issuedTo"
  | "signedFrom"
  | "signedTo"
  | "sort"
  | "dir"
  | "cols",
  string
>;

const day = (date: Date | undefined) => (date ? date.toISOString().slice(0, 10) : undefined);

/** The query as the form's field values ("" for unset), for pre-filling the search form. */
export function agreementQueryValues(query: AgreementQuery): AgreementQueryValues {
  return {
    q: query.q ?? "",
    status: query.status ?? "",
    volume: query.volume ?? "",
    flag: query.flag ?? "",
    choice: query.choice ?? "",
    issuedFrom: day(query.issuedFrom) ?? "",
    issuedTo: day(query.issuedTo) ?? "",
    signedFrom: day(query.signedFrom) ?? "",
    signedTo: day(query.signedTo) ?? "",
    sort: query.sort,
    dir: query.dir,
    cols: listColumnsParam(query.columns),
  };
}

/**
 * The list's address for this query with some parts changed: filters are kept, defaults left out,
 * so links stay short and a shared view opens the same rows.
 */
export function agreementListHref(query: AgreementQuery, changes: Partial<AgreementQuery> = {}): string {
  const next = { ...query, ...changes };
  const values = agreementQueryValues(next);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (!value) continue;
    if (key === "sort" && value === "issued") continue;
    if (key === "dir" && value === "desc") continue;
    params.set(key, value);
  }
  if (next.page > 1) params.set("page", String(next.page));
  const search = params.toString();
  return search ? `${AGREEMENTS_PATH}?${search}` : AGREEMENTS_PATH;
}
