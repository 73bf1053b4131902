import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import type { AgreementQuery } from "./agreement-query";
import { countJoins, searchWhere, utc } from "./search-agreements";

export type CursorRow = {
  id: string;
  status: string;
  paperId: string | null;
  articleTitle: string;
  authors: string[];
  authorEmails: string[];
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  issuedAt: Date;
  signedAt: Date | null;
  textSha256: string;
  volumeId: string;
  volumeName: string;
};

type Position = { issuedAt: string; id: string; dir: "asc" | "desc" };

/** An opaque cursor: where the last page ended, in the list's (issuedAt, id) order. */
function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.issuedAt, position.id, position.dir])).toString("base64url");
}

function decodeCursor(cursor: string, dir: "asc" | "desc"): Position {
  try {
    const [issuedAt, id, encodedDir] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof issuedAt === "string" && !Number.isNaN(Date.parse(issuedAt)) && typeof id === "string") {
      if (encodedDir !== dir) throw badCursor("it was made for the other order (dir); start again without a cursor.");
      return { issuedAt, id, dir };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
  }
  throw badCursor("pass the `next` value of the previous page unchanged.");
}

const badCursor = (why: string) =>
  new AppError("INVALID_INPUT", {
    status: 422,
    userMessage: `This cursor is not valid: ${why}`,
    fieldErrors: { "query:cursor": why },
  });

/**
 * The staff list's filters (searchWhere) paged by keyset on (issuedAt, id) — the order of the
 * list's index — instead of page numbers: a page starts strictly after the last row of the previous
 * one, so agreements issued while a client pages through neither shift rows onto two pages nor
 * push any off. Sorting is by issue time only: other sorts have no stable position to resume from.
 */
export async function searchAgreementsByCursor(
  query: Omit<AgreementQuery, "page" | "sort" | "columns">,
  options: { limit: number; cursor?: string; now?: Date },
): Promise<{ rows: CursorRow[]; next: string | null }> {
  // The columns shown change no row.
  const full: AgreementQuery = { ...query, sort: "issued", page: 1, columns: [] };
  const dir = Prisma.raw(query.dir === "asc" ? "ASC" : "DESC");
  const after = options.cursor ? decodeCursor(options.cursor, query.dir) : null;
  const keyset = after
    ? Prisma.sql`AND (a."issuedAt", a.id) ${Prisma.raw(query.dir === "asc" ? ">" : "<")} (${after.issuedAt}::timestamp, ${after.id})`
    : Prisma.empty;
  const rows = await db.$queryRaw<CursorRow[]>`
    SELECT a.id, a.status::text AS status, a."paperId", a."articleTitle", a.authors, a."authorEmails",
      a."correspondingAuthorName", a."correspondingAuthorEmail", a."issuedAt", a."signedAt", a."textSha256",
      p.id AS "volumeId", p.name AS "volumeName"
    FROM "Agreement" a ${countJoins(full)}
    JOIN "Proceedings" p ON p.id = a."proceedingsId"
    ${searchWhere(full, utc(options.now ?? new Date()))} ${keyset}
    ORDER BY a."issuedAt" ${dir}, a.id ${dir}
    LIMIT ${options.limit + 1}`;
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const next =
    rows.length > options.limit && last
      ? encodeCursor({ issuedAt: last.issuedAt.toISOString().replace("Z", ""), id: last.id, dir: query.dir })
      : null;
  return { rows: page, next };
}
