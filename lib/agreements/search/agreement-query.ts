import { z } from "zod";
import { AGREEMENT_STATUSES } from "@/lib/agreements/agreement-states";
import { parseListColumns, type ListColumn } from "./list-columns";

// The staff list's filters, sort and page, as they travel in the URL (so a filtered view can be
// shared). Anything malformed or forged falls back to a default instead of failing the page.
export const AGREEMENT_FLAGS = [
  "name_mismatch",
  "email_failed",
  "seal_failed",
  "seal_waiting_for_timestamp",
  "sealed_without_timestamp",
  "link_expiring",
  "termination_due",
  "terminated",
] as const;
export type AgreementFlag = (typeof AGREEMENT_FLAGS)[number];

export const SORT_KEYS = ["issued", "signed", "title", "author", "paper", "status"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const MAX_SEARCH_LENGTH = 200;

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .transform((value) => new Date(`${value}T00:00:00.000Z`))
  .refine((value) => !Number.isNaN(value.getTime()))
  .optional()
  .catch(undefined);

export const agreementQuery = z.object({
  q: z
    .string()
    .transform((value) => value.normalize("NFC").trim().slice(0, MAX_SEARCH_LENGTH))
    .optional()
    .catch(undefined),
  status: z.enum(AGREEMENT_STATUSES).optional().catch(undefined),
  volume: z.string().max(100).optional().catch(undefined),
  flag: z.enum(AGREEMENT_FLAGS).optional().catch(undefined),
  // The author's answer to one of the template's questions, as <key>:<value> (e.g. licence:cc-by-4.0).
  choice: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}:[a-z0-9][a-z0-9._-]{0,39}$/)
    .optional()
    .catch(undefined),
  issuedFrom: date,
  issuedTo: date,
  signedFrom: date,
  signedTo: date,
  sort: z.enum(SORT_KEYS).catch("issued"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});

/** The filters, sort and page, and which of the list's columns are shown (the rows do not depend on it). */
export type AgreementQuery = z.output<typeof agreementQuery> & { columns: ListColumn[] };

/** Parses Next's searchParams (or a URLSearchParams) into a valid query, never throwing. */
export function parseAgreementQuery(
  params: Record<string, string | string[] | undefined> | URLSearchParams,
): AgreementQuery {
  const entries =
    params instanceof URLSearchParams
      ? Object.fromEntries(params)
      : Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  // The column form sends one `cols` per ticked box; a link sends them comma-separated.
  const columns =
    params instanceof URLSearchParams ? (params.has("cols") ? params.getAll("cols") : undefined) : params.cols;
  return { ...agreementQuery.parse(entries), columns: parseListColumns(columns) };
}

/** One row of the staff list and of its exports. */
export type AgreementListRow = {
  id: string;
  paperId: string | null;
  articleTitle: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  authors: string[];
  proceedingsId: string;
  proceedingsName: string;
  status: string;
  issuedAt: Date;
  signedAt: Date | null;
  signatureName: string | null;
  publishedAt: Date | null;
  sealSha256: string | null;
  textSha256: string;
  /** The text signed, when the author's choices made it differ from the issued text. */
  signedTextSha256: string | null;
  /** Every-author agreements: each signer in the authors' order (none otherwise). */
  signers: { name: string; email: string; status: string; typedName: string | null; signedAt: string | null }[];
  /** The author's answers (ChoiceAnswer[]); null when the template asks nothing or before signing. */
  choiceAnswers: unknown;
  flags: { flag: AgreementFlag; reason: string }[];
};

export type AgreementSearchResult = {
  rows: AgreementListRow[];
  /** The number of matches; with totalCapped, more than this many match (a broad free-text search). */
  total: number;
  totalCapped: boolean;
  page: number;
  /** With totalCapped, a lower bound: the pages after this one are not counted. */
  pageCount: number;
  pageSize: number;
};
