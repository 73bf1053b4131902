import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { issueRows, type IssueRow } from "@/lib/proceedings/issue-rows";
import { parseAgreementQuery } from "./agreement-query";
import { searchAgreements, searchWhere, utc } from "./search-agreements";
import { sqlAs } from "@/test/database-as";

const ROWS = 3000;

// Syllables make titles and names varied enough for trigram statistics to look like real data.
const SYLLABLES = [
  "qua",
  "ntu",
  "gra",
  "phe",
  "neu",
  "ral",
  "ker",
  "nel",
  "opt",
  "ima",
  "lin",
  "ear",
  "sto",
  "cha",
  "sti",
  "bay",
  "esi",
  "anz",
];
const word = (i: number, n: number) =>
  Array.from({ length: n }, (_, k) => SYLLABLES[(i * (k + 7) + k * k) % SYLLABLES.length]).join("");

describe("the text search's query plan", () => {
  it("can answer a search of 3 characters or more from the trigram index on searchText", async () => {
    const volume = await db.proceedings.create({ data: { name: "Plan volume", linkExpiryDays: 30 } });
    const rows: IssueRow[] = Array.from({ length: ROWS }, (_, i) => ({
      paperId: `PLAN-${i}`,
      articleTitle: `${word(i, 3)} ${word(i + 1, 2)} ${word(i + 2, 4)} ${i}`,
      correspondingAuthorName: `${word(i + 3, 2)} ${word(i + 5, 3)}`,
      correspondingAuthorEmail: `author${i}@example.org`,
      authors: [`${word(i + 3, 2)} ${word(i + 5, 3)}`],
    }));
    rows[1234].articleTitle = "Differentiable Dynamic Quantization with Mixed Precision";
    await db.$transaction((tx) => issueRows(tx, SYSTEM_CONTEXT, volume, rows), { timeout: 120_000 });
    await sqlAs("owner", `ANALYZE "Agreement"`);

    const query = parseAgreementQuery({ q: "dynamic quant" });
    const where = searchWhere(query, utc(new Date()));
    const explain = async (forceIndex: boolean) =>
      db.$transaction(async (tx) => {
        if (forceIndex) await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
        const plan = await tx.$queryRaw<
          { "QUERY PLAN": string }[]
        >`EXPLAIN SELECT count(*) FROM "Agreement" a ${where}`;
        return plan.map((line) => line["QUERY PLAN"]).join("\n");
      });
    // On a few thousand rows the planner may rightly prefer reading the whole (small) table, so the
    // reliable check is that the index can answer this predicate at all: with sequential scans
    // priced out, the plan must be a scan of the trigram index.
    console.log(`EXPLAIN of the text search over ${ROWS} agreements:\n${await explain(false)}`);
    const forced = await explain(true);
    console.log(`The same with enable_seqscan off:\n${forced}`);
    expect(forced).toContain('Bitmap Index Scan on "Agreement_searchText_idx"');
    expect(forced).toContain("Index Cond: (\"searchText\" ~~* '%dynamic quant%'::text)");

    const result = await searchAgreements(query);
    expect(result.rows.map((row) => row.paperId)).toEqual(["PLAN-1234"]);
  }, 120_000);
});
