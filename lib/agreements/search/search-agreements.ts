import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { FLAG_SQL, flagJoins, flagsColumn } from "./agreement-flags-sql";
import type {
  AgreementFlag,
  AgreementListRow,
  AgreementQuery,
  AgreementSearchResult,
  SortKey,
} from "./agreement-query";

export const SEARCH_PAGE_SIZE = 25;

const DAY_MS = 86_400_000;

// Timestamps are stored as UTC in `timestamp(3)` columns; a parameter is cast so that PostgreSQL
// compares like with like whatever the session's time zone.
export const utc = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp`;

/** LIKE's wildcards and its escape character, matched literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

const SORT_SQL: Record<SortKey, Prisma.Sql> = {
  issued: Prisma.sql`a."issuedAt"`,
  signed: Prisma.sql`a."signedAt"`,
  title: Prisma.sql`lower(a."articleTitle")`,
  author: Prisma.sql`lower(a."correspondingAuthorName")`,
  paper: Prisma.sql`a."paperId"`,
  status: Prisma.sql`a.status`,
};

// Columns that can be empty; the others are NOT NULL, and leaving NULLS out for them lets the
// (issuedAt DESC, id DESC) index serve the default order and stop after one page.
const NULLABLE_SORTS = new Set<SortKey>(["signed", "paper"]);

function orderBy(query: AgreementQuery): Prisma.Sql {
  const dir = Prisma.raw(query.dir === "asc" ? "ASC" : "DESC");
  const nulls = Prisma.raw(NULLABLE_SORTS.has(query.sort) ? "NULLS LAST" : "");
  // Rows without a value (not yet signed, no paper id) go last either way; the id makes the order
  // total, so no row can appear on two pages.
  return Prisma.sql`ORDER BY ${SORT_SQL[query.sort] ?? SORT_SQL.issued} ${dir} ${nulls}, a.id ${dir}`;
}

/** The WHERE clause of both statements (exported for the EXPLAIN test). */
export function searchWhere(query: AgreementQuery, now: Prisma.Sql): Prisma.Sql {
  // Superseded agreements are history; the list shows each paper's current agreement.
  const where: Prisma.Sql[] = [Prisma.sql`NOT a.superseded`];
  const text = query.q?.trim();
  // ILIKE with a pattern of 3+ characters is answered by the trigram index on searchText.
  if (text) where.push(Prisma.sql`a."searchText" ILIKE '%' || lower(${escapeLike(text)}) || '%'`);
  if (query.status) where.push(Prisma.sql`a.status = ${query.status}::"AgreementStatus"`);
  if (query.volume) where.push(Prisma.sql`a."proceedingsId" = ${query.volume}`);
  if (query.issuedFrom) where.push(Prisma.sql`a."issuedAt" >= ${utc(query.issuedFrom)}`);
  if (query.issuedTo) where.push(Prisma.sql`a."issuedAt" < ${utc(new Date(query.issuedTo.getTime() + DAY_MS))}`);
  if (query.signedFrom) where.push(Prisma.sql`a."signedAt" >= ${utc(query.signedFrom)}`);
  if (query.signedTo) where.push(Prisma.sql`a."signedAt" < ${utc(new Date(query.signedTo.getTime() + DAY_MS))}`);
  if (query.flag && FLAG_SQL[query.flag]) where.push(FLAG_SQL[query.flag].when(now));
  return Prisma.sql`WHERE ${Prisma.join(where, " AND ")}`;
}

type RawRow = Omit<AgreementListRow, "flags"> & { flags: AgreementListRow["flags"] | string };

/**
 * The staff list: free text, filters, flags, sort and one page, in two statements (a count, then the
 * page). A page number past the end gives the last page.
 */
export async function searchAgreements(
  query: AgreementQuery,
  options: { pageSize?: number; now?: Date } = {},
): Promise<AgreementSearchResult> {
  const pageSize = Math.max(1, Math.trunc(options.pageSize ?? SEARCH_PAGE_SIZE));
  const now = utc(options.now ?? new Date());
  // The flag joins are only needed to count or choose a page when filtering by a flag that reads them.
  const countJoins = query.flag === "email_failed" || query.flag === "link_expiring" ? flagJoins : Prisma.empty;
  const where = searchWhere(query, now);
  const [{ total }] = await db.$queryRaw<
    { total: number }[]
  >`SELECT count(*)::int AS total FROM "Agreement" a ${countJoins} ${where}`;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.trunc(query.page) || 1), pageCount);
  // The page is chosen first from the agreement table alone (plus the flag joins when filtering by
  // a flag that needs them); flags and the rest are then worked out for its rows only.
  const rows = await db.$queryRaw<RawRow[]>`
    WITH page AS (
      SELECT a.id FROM "Agreement" a ${countJoins} ${where} ${orderBy(query)} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
    )
    SELECT a.id, a."paperId", a."articleTitle", a."correspondingAuthorName", a."correspondingAuthorEmail", a.authors,
      a."proceedingsId", p.name AS "proceedingsName", a.status::text AS status, a."issuedAt", a."signedAt", a."signatureName",
      a."publishedAt", sd.sha256 AS "sealSha256", a."textSha256", ${flagsColumn(now)} AS flags
    FROM page
    JOIN "Agreement" a ON a.id = page.id
    JOIN "Proceedings" p ON p.id = a."proceedingsId"
    LEFT JOIN "SignedDocument" sd ON sd."agreementId" = a.id
    ${flagJoins}
    ${orderBy(query)}`;
  return { rows: rows.map(toListRow), total, page, pageCount, pageSize };
}

function toListRow(row: RawRow): AgreementListRow {
  const flags = typeof row.flags === "string" ? (JSON.parse(row.flags) as AgreementListRow["flags"]) : row.flags;
  return { ...row, flags: (flags ?? []).map(({ flag, reason }) => ({ flag: flag as AgreementFlag, reason })) };
}
