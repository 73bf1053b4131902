import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { emailJoin, linkJoin } from "@/lib/agreements/search/agreement-flags-sql";
import type { AgreementFlag } from "@/lib/agreements/search/agreement-query";
import { searchWhere, utc } from "@/lib/agreements/search/search-agreements";
import { ATTENTION_ITEMS, type AttentionKey } from "./attention-items";

// Conditions implied by a flag's own rule, ANDed to it so that the count starts from a small
// index (failed emails, live links near expiry) instead of testing every agreement's newest email
// or link: the same rows, found in milliseconds at 100,000 agreements. The ids are collected into
// an array first (an InitPlan), so the agreements are then fetched by primary key, not scanned.
const NARROWING: Partial<Record<AgreementFlag, (now: Prisma.Sql) => Prisma.Sql>> = {
  email_failed: () =>
    Prisma.sql`a.id = ANY (ARRAY(SELECT f."agreementId" FROM "EmailMessage" f WHERE f.status = 'failed'))`,
  link_expiring: (now) =>
    Prisma.sql`a.id = ANY (ARRAY(SELECT x."agreementId" FROM "SigningLink" x
      WHERE x."revokedAt" IS NULL AND x."expiresAt" <= ${now} + interval '3 days'))`,
};

// The one lateral join each of these flags reads (the list joins both).
const FLAG_JOIN: Partial<Record<AgreementFlag, Prisma.Sql>> = { email_failed: emailJoin, link_expiring: linkJoin };

/** One count per attention line, each with the staff list's WHERE clause for its filter (exported for EXPLAIN). */
export function attentionCountSql(now: Date): Prisma.Sql {
  const at = utc(now);
  const columns = ATTENTION_ITEMS.map(({ key, query }) => {
    const joins = (query.flag && FLAG_JOIN[query.flag]) || Prisma.empty;
    const narrowing = query.flag && NARROWING[query.flag];
    const extra = narrowing ? Prisma.sql` AND ${narrowing(at)}` : Prisma.empty;
    const column = Prisma.raw(`"${key}"`);
    return Prisma.sql`(SELECT count(*)::int FROM "Agreement" a ${joins} ${searchWhere(query, at)}${extra}) AS ${column}`;
  });
  return Prisma.sql`SELECT ${Prisma.join(columns, ", ")}`;
}

/** What needs attention on the staff home: how many current agreements each line's filter lists. */
export async function countAttention(now = new Date()): Promise<Record<AttentionKey, number>> {
  const [row] = await db.$queryRaw<Record<AttentionKey, number>[]>(attentionCountSql(now));
  return row;
}
