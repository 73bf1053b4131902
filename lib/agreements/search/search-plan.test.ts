import { describe, expect, it } from "vitest";
import { db, getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { issueTestAgreement } from "@/test/agreement-fixtures";
import { sqlAs } from "@/test/database-as";
import { parseAgreementQuery } from "./agreement-query";
import { searchAgreements, TEXT_MATCHES_COUNTED } from "./search-agreements";

const ROWS = 20_000;
const SURNAMES = ["Okafor", "Lovelace", "Haoyang", "García", "Nakamura", "Schmidt", "Haddad", "Novak", "Rossi"];

/**
 * A volume of ROWS agreements written straight in SQL (issuing them one by one would take minutes),
 * spread over a year, with varied titles and names so that the statistics look like real data.
 */
async function seedVolume(): Promise<string> {
  const { agreement } = await issueTestAgreement({ proceedings: "Plan volume" });
  const names = `ARRAY[${SURNAMES.map((name) => `'${name}'`).join(",")}]`;
  await sqlAs(
    "owner",
    `INSERT INTO "Agreement" (id, "proceedingsId", "paperId", "templateVersionId", "articleTitle", "correspondingAuthorName",
       "correspondingAuthorEmail", authors, "publisherName", text, "textSha256", "issuedAt", "updatedAt")
     SELECT 'plan-' || g, $1, 'PLAN-' || g, $2, 'Learning ' || md5(g::text) || ' at scale ' || g,
       'Author ' || (${names})[1 + g % 9], 'author' || g || '@example.org', ARRAY['Author ' || (${names})[1 + g % 9]],
       'Plan Publishing', 'text', md5(g::text), now() - make_interval(mins => g), now()
     FROM generate_series(1, ${ROWS}) g`,
    [agreement.proceedingsId, agreement.templateVersionId],
  );
  // As autovacuum leaves a table a little after a bulk insert: statistics and visibility map fresh.
  await sqlAs("owner", `VACUUM ANALYZE "Agreement"`);
  return agreement.proceedingsId;
}

/** The statements searchAgreements sends for these URL parameters, each with its EXPLAIN. */
async function plansOf(params: Record<string, string>, explain = "EXPLAIN"): Promise<string[]> {
  const holder = globalThis as unknown as { imprimaturDb?: ReturnType<typeof getDb> };
  const base = getDb();
  const statements: Prisma.Sql[] = [];
  holder.imprimaturDb = base.$extends({
    query: {
      async $queryRaw({ args, query }) {
        statements.push(args as unknown as Prisma.Sql);
        return query(args);
      },
    },
  }) as unknown as ReturnType<typeof getDb>;
  try {
    await searchAgreements(parseAgreementQuery(params));
  } finally {
    holder.imprimaturDb = base;
  }
  const plans: string[] = [];
  for (const sql of statements) {
    const lines = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`${explain} ${sql.text}`, ...sql.values);
    plans.push(lines.map((line) => line["QUERY PLAN"]).join("\n"));
  }
  return plans;
}

/** A scan of the agreements in the order of a sort index, testing the search pattern row by row. */
const WALK_FILTERING_TEXT =
  /Index Scan(?: Backward)? using "Agreement_\w+_idx" on "Agreement"[^\n]*\n(?:\s+Index Cond[^\n]*\n)?\s+Filter: [^\n]*searchText/;

describe("the staff list's query plans", () => {
  it("counts from narrow indexes, and finds a word through the trigram index even when the statistics think it common", async () => {
    const volume = await seedVolume();
    // Without free text, the count reads the narrow partial index alone, not the wide rows.
    const filters: Record<string, string>[] = [{}, { status: "sent" }, { volume }];
    for (const params of filters) {
      const [count] = await plansOf(params);
      expect(count).toContain('Index Only Scan using "Agreement_current_count_idx"');
    }
    // A common word: the trigram index finds and counts the matches (with a plain LIKE on the
    // lower-cased text, which costs a fraction of ILIKE per row).
    const common = await plansOf({ q: "OKAFOR" });
    console.log(`EXPLAIN of a search for a common word:\n${common.join("\n\n")}`);
    expect(common[0]).toContain('Bitmap Index Scan on "Agreement_searchText_idx"');
    expect(common[0]).toContain("Index Cond: (\"searchText\" ~~ '%okafor%'::text)");
    const found = await searchAgreements(parseAgreementQuery({ q: "okafor", volume }), { pageSize: 10 });
    expect(found.total).toBe(Math.floor(ROWS / 9));
    expect(found.rows.map((row) => row.correspondingAuthorName)).toEqual(Array(10).fill("Author Okafor"));

    // The same word alone matches more than the list counts: it reads one match past the limit and
    // walks the newest agreements only as far as its first page, never all 2,222 matches.
    const broad = await searchAgreements(parseAgreementQuery({ q: "okafor" }), { pageSize: 10 });
    expect(broad).toMatchObject({ total: TEXT_MATCHES_COUNTED, totalCapped: true, pageCount: 2 });
    expect(broad.rows.map((row) => row.id)).toEqual(found.rows.map((row) => row.id));
    const [analyzed] = await plansOf({ q: "okafor" }, "EXPLAIN (ANALYZE, COSTS OFF)");
    console.log(`EXPLAIN ANALYZE of a broad search:\n${analyzed}`);
    const rowsOf = (node: RegExp) =>
      Number(new RegExp(`${node.source}[^\n]*actual[^\n]* rows=(\\d+)`).exec(analyzed)?.[1]);
    expect(rowsOf(/Bitmap Heap Scan on "Agreement"/)).toBe(TEXT_MATCHES_COUNTED + 1);
    // A page of 25 and one more, at one agreement in nine: ~235 of the 20,000 rows.
    expect(rowsOf(/Index Scan using "Agreement_issuedAt_id_idx"/)).toBeLessThan(500);

    // Now the word becomes rare (five of the oldest rows) while the statistics still say common, as
    // after a change autovacuum has not caught up with: walking the newest-first index testing
    // every row would read nearly the whole table before it found a page.
    await sqlAs("owner", `ALTER TABLE "Agreement" SET (autovacuum_enabled = false)`);
    await sqlAs(
      "owner",
      `UPDATE "Agreement" SET "correspondingAuthorName" = 'Author Rossi', authors = ARRAY['Author Rossi']
       WHERE id LIKE 'plan-%' AND "correspondingAuthorName" = 'Author Okafor' AND split_part(id, '-', 2)::int < 19962`,
    );
    const searches: Record<string, string>[] = [
      { q: "okafor" },
      { q: "okafor", sort: "title", dir: "asc" },
      { q: "okafor", volume },
    ];
    for (const params of searches) {
      const plans = await plansOf(params);
      console.log(`EXPLAIN of the staff list for ${JSON.stringify(params)}:\n${plans.join("\n\n")}`);
      for (const plan of plans) expect(plan).not.toMatch(WALK_FILTERING_TEXT);
    }
    const rare = await searchAgreements(parseAgreementQuery({ q: "okafor" }));
    expect(rare.total).toBe(5);
    expect(rare.rows.map((row) => row.paperId)).toEqual([
      "PLAN-19962",
      "PLAN-19971",
      "PLAN-19980",
      "PLAN-19989",
      "PLAN-19998",
    ]);
  }, 60_000);
});
