import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PaginationNav } from "@/components/pagination-nav";
import { issueTestAgreement } from "@/test/agreement-fixtures";
import { sqlAs } from "@/test/database-as";
import { parseAgreementQuery } from "./agreement-query";
import { resultsSummary } from "./results-summary";
import { searchAgreements } from "./search-agreements";

/**
 * `count` agreements written straight in SQL, each title holding `word` when `matches(g)` says so,
 * issued one minute apart from `minutesAgo` minutes ago (g = 1 the newest), in a volume of their own.
 */
async function seed(prefix: string, count: number, word: string, matches: string, minutesAgo = 0) {
  const { agreement } = await issueTestAgreement({ proceedings: `Broad search ${prefix}` });
  await sqlAs(
    "owner",
    `INSERT INTO "Agreement" (id, "proceedingsId", "paperId", "templateVersionId", "articleTitle", "correspondingAuthorName",
       "correspondingAuthorEmail", authors, "publisherName", text, "textSha256", "issuedAt", "updatedAt")
     SELECT '${prefix}-' || g, $1, '${prefix}-' || g, $2,
       CASE WHEN ${matches} THEN 'On ${word} number ' ELSE 'On something else number ' END || (1000 - g % 1000),
       'Author ' || g, 'author' || g || '@example.org', ARRAY['Author ' || g], 'Broad Publishing', 'text', md5(g::text),
       now() - make_interval(mins => ${minutesAgo} + g), now()
     FROM generate_series(1, ${count}) g`,
    [agreement.proceedingsId, agreement.templateVersionId],
  );
}

const ids = (result: Awaited<ReturnType<typeof searchAgreements>>) => result.rows.map((row) => row.id);

describe("a broad free-text search on the staff list", () => {
  it("counts matches up to the limit, says 'more than', and pages in the same order as the full count", async () => {
    const word = `broad${randomUUID().slice(0, 8)}`;
    // 30 matches among 60 agreements: every other one.
    await seed("every-other", 60, word, "g % 2 = 0");
    for (const order of [{}, { sort: "title", dir: "asc" }, { sort: "author", dir: "desc" }]) {
      const query = (page: number) => parseAgreementQuery({ q: word.toUpperCase(), ...order, page: String(page) });
      const counted = (page: number) => searchAgreements(query(page), { pageSize: 5, textMatchesCounted: 12 });
      const full = (page: number) => searchAgreements(query(page), { pageSize: 5 });

      // Pages 1 and 2 end within the first 12 matches: counted no further, found by the walk.
      const first = await counted(1);
      expect(first).toMatchObject({ total: 12, totalCapped: true, page: 1, pageCount: 2 });
      expect(ids(first)).toEqual(ids(await full(1)));
      const second = await counted(2);
      expect(second).toMatchObject({ total: 12, totalCapped: true, page: 2, pageCount: 3 });
      expect(ids(second)).toEqual(ids(await full(2)));
      // Page 3 reaches past them: every match is counted, as without the limit.
      const third = await counted(3);
      expect(third).toMatchObject({ total: 30, totalCapped: false, page: 3, pageCount: 6 });
      expect(ids(third)).toEqual(ids(await full(3)));

      // Page by page, every match once, in the full count's order.
      const all: string[] = [];
      for (let page = 1; page <= 6; page++) all.push(...ids(await counted(page)));
      expect(new Set(all).size).toBe(30);
      const everyMatch = await searchAgreements(query(1), { pageSize: 30 });
      expect(everyMatch).toMatchObject({ total: 30, totalCapped: false });
      expect(all).toEqual(ids(everyMatch));
    }
  });

  it("counts exactly up to the limit itself, and whenever another filter is set", async () => {
    const word = `exact${randomUUID().slice(0, 8)}`;
    await seed("twelve", 12, word, "true");
    const twelve = await searchAgreements(parseAgreementQuery({ q: word }), { pageSize: 5, textMatchesCounted: 12 });
    expect(twelve).toMatchObject({ total: 12, totalCapped: false, pageCount: 3 });

    const wider = `wider${randomUUID().slice(0, 8)}`;
    await seed("filtered", 40, wider, "true");
    const filtered = await searchAgreements(parseAgreementQuery({ q: wider, status: "sent" }), {
      pageSize: 5,
      textMatchesCounted: 12,
    });
    expect(filtered).toMatchObject({ total: 40, totalCapped: false, pageCount: 8 });
  });

  it("reads every match when they are all older than the walk reaches, rather than show a short page", async () => {
    const word = `old${randomUUID().slice(0, 8)}`;
    // 20 old matches, then 5,001 newer agreements without the word: a newest-first walk of 5,000
    // rows finds none of them, so the list counts and sorts every match instead.
    await seed("newer", 5001, word, "false");
    await seed("older", 20, word, "true", 10_000);
    const result = await searchAgreements(parseAgreementQuery({ q: word }), { pageSize: 5, textMatchesCounted: 12 });
    expect(result).toMatchObject({ total: 20, totalCapped: false, page: 1, pageCount: 4 });
    expect(result.rows.map((row) => row.paperId)).toEqual(["older-1", "older-2", "older-3", "older-4", "older-5"]);
  });
});

describe("the list's status line and page links for a count left at the limit", () => {
  const result = { rows: Array(25).fill({}), total: 1000, page: 2, pageSize: 25 };

  it("says 'more than' and how to count them, and offers the next page but no last", () => {
    expect(resultsSummary({ ...result, totalCapped: true })).toBe(
      "More than 1,000 agreements match; showing 26–50. Add a filter or more words to count them.",
    );
    const capped = renderToStaticMarkup(
      createElement(PaginationNav, {
        page: 2,
        pageCount: 3,
        pageCountKnown: false,
        hrefFor: (page) => `?page=${page}`,
      }),
    );
    expect(capped).toContain(">Page 2<");
    expect(capped).toContain('href="?page=3"');
    expect(capped).not.toContain("Last");
  });

  it("gives the count and the last page when every match was counted", () => {
    expect(resultsSummary({ ...result, totalCapped: false })).toBe("1,000 agreements match; showing 26–50.");
    const counted = renderToStaticMarkup(
      createElement(PaginationNav, { page: 2, pageCount: 40, hrefFor: (page) => `?page=${page}` }),
    );
    expect(counted).toContain(">Page 2 of 40<");
    expect(counted).toContain('aria-label="Last page"');
    expect(counted).toContain('href="?page=40"');
  });
});
