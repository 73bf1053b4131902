import "server-only";
import { db } from "@/lib/db/client";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";
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

const sortKey = (query: AgreementQuery) => SORT_SQL[query.sort] ?? SORT_SQL.issued;

function orderBy(query: AgreementQuery, key = sortKey(query), id = Prisma.sql`a.id`): Prisma.Sql {
  const dir = Prisma.raw(query.dir === "asc" ? "ASC" : "DESC");
  const nulls = Prisma.raw(NULLABLE_SORTS.has(query.sort) ? "NULLS LAST" : "");
  // Rows without a value (not yet signed, no paper id) go last either way; the id makes the order
  // total, so no row can appear on two pages.
  return Prisma.sql`ORDER BY ${key} ${dir} ${nulls}, ${id} ${dir}`;
}

// searchText is stored lower-cased (a trigger keeps it), so a plain LIKE on the lower-cased pattern
// finds what ILIKE would, at a fraction of the cost of re-checking every candidate row: ILIKE
// lower-cases each row again. A pattern of 3+ characters is answered by the trigram index.
const containsText = (column: Prisma.Sql, text: string) =>
  Prisma.sql`${column} LIKE '%' || lower(${escapeLike(text)}) || '%'`;

/** The WHERE clause of every statement (exported for the EXPLAIN test). */
export function searchWhere(query: AgreementQuery, now: Prisma.Sql): Prisma.Sql {
  // Superseded agreements are history; the list shows each paper's current agreement.
  const where: Prisma.Sql[] = [Prisma.sql`NOT a.superseded`];
  const text = query.q?.trim();
  if (text) where.push(containsText(Prisma.sql`a."searchText"`, text));
  if (query.status) where.push(Prisma.sql`a.status = ${query.status}::"AgreementStatus"`);
  if (query.volume) where.push(Prisma.sql`a."proceedingsId" = ${query.volume}`);
  if (query.issuedFrom) where.push(Prisma.sql`a."issuedAt" >= ${utc(query.issuedFrom)}`);
  if (query.issuedTo) where.push(Prisma.sql`a."issuedAt" < ${utc(new Date(query.issuedTo.getTime() + DAY_MS))}`);
  if (query.signedFrom) where.push(Prisma.sql`a."signedAt" >= ${utc(query.signedFrom)}`);
  if (query.signedTo) where.push(Prisma.sql`a."signedAt" < ${utc(new Date(query.signedTo.getTime() + DAY_MS))}`);
  if (query.flag && FLAG_SQL[query.flag]) where.push(FLAG_SQL[query.flag].when(now));
  if (query.choice) where.push(Prisma.sql`a."choiceAnswers" @> ${choiceContainment(query.choice)}::jsonb`);
  return Prisma.sql`WHERE ${Prisma.join(where, " AND ")}`;
}

/** `licence:cc-by-4.0` as the JSON the answers must contain (GIN-indexed, jsonb_path_ops). */
function choiceContainment(choice: string): string {
  const [key, value] = choice.split(":", 2);
  return JSON.stringify([{ key, value }]);
}

type RawRow = Omit<AgreementListRow, "flags"> & { flags: AgreementListRow["flags"] | string };

/**
 * A free-text search with no other filter counts its matches up to this many; past it the list says
 * "more than 1,000" (as GitLab's lists do) instead of reading every match to count and sort them.
 */
export const TEXT_MATCHES_COUNTED = 1000;

// Rows of a sort order's index read, at most, to fill a page of a broad search (see walkedPage).
const WALK_ROWS = 5000;

// The orders with an index to walk: "Agreement_issuedAt_id_idx" and the title and author sort
// indexes (either direction). The others (signed, paper, status) would sort every row instead.
const WALKED_SORTS = new Set<SortKey>(["issued", "title", "author"]);

type PageIds = { total: number; ids: string[]; totalCapped: boolean };

type PageOptions = { pageSize: number; textMatchesCounted: number; now: Prisma.Sql };

/**
 * The staff list: free text, filters, flags, sort and one page. A page number past the end gives
 * the last page.
 *
 * Two statements. The first counts the matches and chooses the page's ids: without free text the
 * count reads a narrow partial index (migration "list_counts_and_statistics") and the page walks the
 * index of its sort order and stops after one page; with free text see pageOfMatches and
 * broadTextPage. The second, pageRows, reads everything the list shows for those ids; its text never
 * changes, so it runs prepared: planning it (its flags, joins and subqueries) cost several times
 * running it.
 */
export async function searchAgreements(
  query: AgreementQuery,
  options: { pageSize?: number; now?: Date; textMatchesCounted?: number } = {},
): Promise<AgreementSearchResult> {
  const pageSize = Math.max(1, Math.trunc(options.pageSize ?? SEARCH_PAGE_SIZE));
  const now = options.now ?? new Date();
  const at = utc(now);
  const where = searchWhere(query, at);
  const requested = Math.max(1, Math.trunc(query.page) || 1);
  const paging = { pageSize, textMatchesCounted: options.textMatchesCounted ?? TEXT_MATCHES_COUNTED, now: at };
  let { total, ids, totalCapped } = await pageIds(query, where, requested, paging);
  // More than `total` match: there is a page after this one (broadTextPage read one row past it).
  const pageCount = totalCapped ? requested + 1 : Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(requested, pageCount);
  // A page past the end (a stale link, a shared URL after agreements were voided): the last one.
  // The free-text search clamps the page in SQL already.
  if (ids.length === 0 && total > 0) ({ total, ids, totalCapped } = await pageIds(query, where, page, paging));
  if (ids.length === 0) return { rows: [], total, totalCapped, page, pageCount, pageSize };
  return { rows: await pageRows(ids, now), total, totalCapped, page, pageCount, pageSize };
}

/** The number of matches and the ids of the page's rows, in the list's order. */
async function pageIds(query: AgreementQuery, where: Prisma.Sql, page: number, paging: PageOptions): Promise<PageIds> {
  const { pageSize, textMatchesCounted } = paging;
  const offset = (page - 1) * pageSize;
  const text = query.q?.trim();
  if (!text) {
    // The page is chosen from the agreement table alone (plus the flag joins when filtering by a
    // flag that needs them); a constant OFFSET lets the planner know it stops after one page.
    const [row] = await db.$queryRaw<{ total: number; ids: string[] }[]>`
      SELECT (SELECT count(*)::int FROM "Agreement" a ${countJoins(query)} ${where}) AS total,
        ARRAY(SELECT a.id FROM "Agreement" a ${countJoins(query)} ${where} ${orderBy(query)}
          LIMIT ${pageSize} OFFSET ${offset}) AS ids`;
    return { ...row, totalCapped: false };
  }
  if (isTextAlone(query) && offset + pageSize < textMatchesCounted) {
    const broad = await broadTextPage(query, text, where, offset, paging);
    if (broad) return broad;
  }
  const [row] = await db.$queryRaw<{ total: number; ids: string[] }[]>`
    WITH ${pageOfMatches(query, where)}
    SELECT (SELECT total FROM counted) AS total, ARRAY(${pageOfMatchesIds(query, offset, pageSize)}) AS ids`;
  return { ...row, totalCapped: false };
}

// Free text and nothing else but the order: the search staff type most, and the only one that can
// match a large share of the list. With other filters the matches are read and counted in full.
function isTextAlone(query: AgreementQuery): boolean {
  const { status, volume, flag, choice, issuedFrom, issuedTo, signedFrom, signedTo } = query;
  const filtered = [status, volume, flag, choice, issuedFrom, issuedTo, signedFrom, signedTo].some(Boolean);
  return !filtered && WALKED_SORTS.has(query.sort);
}

/**
 * A free-text search counted up to `textMatchesCounted`, in one statement. Up to that many matches,
 * the count and the page are exact, from the matches collected (pageOfMatches' CTE, read no further
 * than one past the limit: PostgreSQL runs a CTE only as far as it is read). Past it, the page comes
 * from walkedPage, and the answer says "more than". Null when the walk did not find the page and
 * one row more (the matches are sparse in this order, or the page deep): then every match is read.
 */
async function broadTextPage(
  query: AgreementQuery,
  text: string,
  where: Prisma.Sql,
  offset: number,
  { pageSize, textMatchesCounted, now }: PageOptions,
): Promise<PageIds | null> {
  // The walk reads what the query's other filters let through: its WHERE without the free text.
  const filters = searchWhere({ ...query, q: undefined }, now);
  const [row] = await db.$queryRaw<{ total: number; ids: string[] }[]>`
    WITH ${pageOfMatches(query, where, textMatchesCounted + 1)}
    SELECT (SELECT total FROM counted) AS total,
      CASE WHEN (SELECT total FROM counted) <= ${textMatchesCounted}
        THEN ARRAY(${pageOfMatchesIds(query, offset, pageSize)})
        ELSE ARRAY(${walkedPage(query, text, filters, offset, pageSize)}) END AS ids`;
  if (row.total <= textMatchesCounted) return { ...row, totalCapped: false };
  if (row.ids.length <= pageSize) return null;
  return { total: textMatchesCounted, ids: row.ids.slice(0, pageSize), totalCapped: true };
}

/**
 * The page (and one row past it) of a broad search, found by reading the agreements the query's
 * other filters let through (`filters`: today only the current ones, see isTextAlone) in the list's
 * order and testing each for the text, as far as WALK_ROWS rows and no further: at 7 % of the
 * agreements matching, the first page is found in ~350 rows. Never left to the planner unbounded,
 * which for a word rarer than its estimate, or whose matches are all old, reads the whole table
 * (see pageOfMatches).
 */
const walkedPage = (query: AgreementQuery, text: string, filters: Prisma.Sql, offset: number, pageSize: number) =>
  Prisma.sql`
  SELECT w.id FROM (
    SELECT a.id, ${sortKey(query)} AS key, a."searchText" FROM "Agreement" a ${countJoins(query)} ${filters}
    ${orderBy(query)} LIMIT ${WALK_ROWS}
  ) w WHERE ${containsText(Prisma.sql`w."searchText"`, text)}
  ${orderBy(query, Prisma.sql`w.key`, Prisma.sql`w.id`)} LIMIT ${pageSize + 1} OFFSET ${offset}`;

// The flag joins are only needed to count or choose a page when filtering by a flag that reads them.
export const countJoins = (query: AgreementQuery) =>
  query.flag === "email_failed" || query.flag === "link_expiring" ? flagJoins : Prisma.empty;

/**
 * The `matches` and `counted` CTEs of a free-text search. Every match is collected once, through the
 * trigram index, then counted and sorted for the page (pageOfMatchesIds); with `readAtMost`, no
 * more than that many are counted.
 * MATERIALIZED leaves the planner only two ways to find the matches (the trigram index or reading
 * the table), never walking the index of the sort order and testing each row until a page is full.
 * That walk is quick for a word as common as the planner's estimate says, and reads the whole table
 * (~0.9 s at 100,000 agreements) when the word is rarer than estimated, or its matches all old: the
 * estimate is a sample's, so the same search was 64 ms on one machine and 472 on another. The
 * limit sits outside that CTE, so the plan that finds the matches is chosen for all of them.
 */
function pageOfMatches(query: AgreementQuery, where: Prisma.Sql, readAtMost?: number): Prisma.Sql {
  const select = Prisma.sql`SELECT a.id, ${sortKey(query)} AS key FROM "Agreement" a ${countJoins(query)} ${where}`;
  const matches =
    readAtMost === undefined
      ? Prisma.sql`matches AS MATERIALIZED (${select})`
      : Prisma.sql`found AS MATERIALIZED (${select}),
          matches AS MATERIALIZED (SELECT id, key FROM found LIMIT ${readAtMost})`;
  return Prisma.sql`${matches}, counted AS (SELECT count(*)::int AS total FROM matches)`;
}

/** The page of the matches, in order; a page past the end is the last one. */
const pageOfMatchesIds = (query: AgreementQuery, offset: number, pageSize: number) => Prisma.sql`
  SELECT m.id FROM matches m ${orderBy(query, Prisma.sql`m.key`, Prisma.sql`m.id`)}
  LIMIT ${pageSize} OFFSET (SELECT least(${offset}, greatest(total - 1, 0) / ${pageSize} * ${pageSize}) FROM counted)`;

/**
 * Everything the list shows for these agreements, flags included, in the order of `ids`. Written
 * with Prisma.sql for its fragments, then run as a prepared statement on the plain pg pool: the
 * text is the same for every page, only the values change. Timestamps leave as UTC instants
 * (AT TIME ZONE 'UTC'): pg would read a bare timestamp in the server's local zone.
 */
async function pageRows(ids: string[], now: Date): Promise<AgreementListRow[]> {
  const sql = Prisma.sql`
    SELECT a.id, a."paperId", a."articleTitle", a."correspondingAuthorName", a."correspondingAuthorEmail", a.authors,
      a."proceedingsId", p.name AS "proceedingsName", a.status::text AS status, a."issuedAt" AT TIME ZONE 'UTC' AS "issuedAt",
      a."signedAt" AT TIME ZONE 'UTC' AS "signedAt", a."signatureName", a."publishedAt" AT TIME ZONE 'UTC' AS "publishedAt",
      sd.sha256 AS "sealSha256", a."textSha256", a."signedTextSha256", a."choiceAnswers",
      (SELECT coalesce(json_agg(json_build_object('name', s.name, 'email', s.email, 'status', s.status::text,
          'typedName', s."typedName", 'signedAt', s."signedAt") ORDER BY s.position), '[]')
        FROM "Signer" s WHERE s."agreementId" = a.id) AS signers,
      ${flagsColumn(utc(now))} AS flags
    FROM unnest(${ids}::text[]) WITH ORDINALITY AS page(id, n)
    JOIN "Agreement" a ON a.id = page.id
    JOIN "Proceedings" p ON p.id = a."proceedingsId"
    LEFT JOIN "SignedDocument" sd ON sd."agreementId" = a.id
    ${flagJoins}
    ORDER BY page.n`;
  const { rows } = await pgPool().query<RawRow>(preparedStatement(sql.text, sql.values));
  return rows.map(toListRow);
}

function toListRow(row: RawRow): AgreementListRow {
  const flags = typeof row.flags === "string" ? (JSON.parse(row.flags) as AgreementListRow["flags"]) : row.flags;
  return { ...row, flags: (flags ?? []).map(({ flag, reason }) => ({ flag: flag as AgreementFlag, reason })) };
}
