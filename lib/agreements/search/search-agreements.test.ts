import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db, getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { emailForDelivery } from "@/lib/mail/outbox";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { signAgreement } from "../sign-agreement";
import { MAX_SEARCH_LENGTH, parseAgreementQuery } from "./agreement-query";
import { searchAgreements } from "./search-agreements";

/** A volume of its own per test, so tests in this file never see each other's rows. */
async function volumeWith(papers: { title: string; author?: string; email?: string; paperId?: string }[]) {
  const proceedings = `Test volume ${randomUUID()}`;
  const ids: string[] = [];
  for (const paper of papers) {
    const author = paper.author ?? "Zhang Haoyang";
    const { agreement, token } = await issueTestAgreement({
      proceedings,
      articleTitle: paper.title,
      correspondingAuthorName: author,
      authors: author,
      correspondingAuthorEmail: paper.email ?? "haoyang@example.org",
    });
    if (paper.paperId) await db.agreement.update({ where: { id: agreement.id }, data: { paperId: paper.paperId } });
    ids.push(agreement.id);
    Object.assign(agreement, { token });
  }
  const volume = (await db.proceedings.findUniqueOrThrow({ where: { name: proceedings } })).id;
  return { volume, ids };
}

const search = (volume: string, params: Record<string, string> = {}, pageSize?: number) =>
  searchAgreements(parseAgreementQuery({ volume, ...params }), { pageSize });
const titles = (result: Awaited<ReturnType<typeof search>>) => result.rows.map((row) => row.articleTitle).sort();

describe("searching the staff list", () => {
  it("finds agreements by paper id, title fragment, author name in any script and email", async () => {
    const { volume } = await volumeWith([
      { title: "Differentiable Dynamic Quantization", paperId: "PMLR-139-42" },
      { title: "Graph neural networks at scale", author: "张浩洋", email: "zhang.hy@example.cn" },
      { title: "Attention over sets", author: "Amélie Dupont", email: "amelie@example.fr" },
    ]);
    expect(titles(await search(volume, { q: "pmlr-139-42" }))).toEqual(["Differentiable Dynamic Quantization"]);
    expect(titles(await search(volume, { q: "DYNAMIC quant" }))).toEqual(["Differentiable Dynamic Quantization"]);
    expect(titles(await search(volume, { q: "张浩洋" }))).toEqual(["Graph neural networks at scale"]);
    expect(titles(await search(volume, { q: "浩" }))).toEqual(["Graph neural networks at scale"]);
    expect(titles(await search(volume, { q: "amelie@example.fr" }))).toEqual(["Attention over sets"]);
    expect(titles(await search(volume, { q: "Amélie" }))).toEqual(["Attention over sets"]);
    expect((await search(volume, { q: "  " })).total).toBe(3);
  });

  it("matches %, _, quotes and SQL metacharacters literally, and survives odd input", async () => {
    const { volume } = await volumeWith([
      { title: "100% recall_at_k with O'Brien's trick" },
      { title: "1000 recalls at k" },
      { title: "Emoji 🧪 in titles and עברית מימין לשמאל" },
    ]);
    expect(titles(await search(volume, { q: "100%" }))).toEqual(["100% recall_at_k with O'Brien's trick"]);
    expect(titles(await search(volume, { q: "_at_" }))).toEqual(["100% recall_at_k with O'Brien's trick"]);
    expect(titles(await search(volume, { q: "%" }))).toEqual(["100% recall_at_k with O'Brien's trick"]);
    expect(titles(await search(volume, { q: "o'brien" }))).toEqual(["100% recall_at_k with O'Brien's trick"]);
    expect((await search(volume, { q: "' OR 1=1 --" })).total).toBe(0);
    expect((await search(volume, { q: "\\" })).total).toBe(0);
    expect(titles(await search(volume, { q: "🧪" }))).toEqual(["Emoji 🧪 in titles and עברית מימין לשמאל"]);
    expect(titles(await search(volume, { q: "מימין" }))).toEqual(["Emoji 🧪 in titles and עברית מימין לשמאל"]);
    const long = parseAgreementQuery({ q: "x".repeat(10_000) });
    expect(long.q).toHaveLength(MAX_SEARCH_LENGTH);
    expect((await search(volume, { q: "x".repeat(10_000) })).total).toBe(0);
    expect((await searchAgreements(long)).total).toBe(0);
  });

  it("filters by status, volume, issued and signed days (inclusive, UTC)", async () => {
    const { volume, ids } = await volumeWith([{ title: "Alpha" }, { title: "Beta" }, { title: "Gamma" }]);
    const other = await volumeWith([{ title: "Alpha elsewhere" }]);
    const emails = await db.emailMessage.findMany({ where: { agreementId: ids[1], kind: "invitation" } });
    const token = /\/sign\/([A-Za-z0-9_-]{43})/.exec(emailForDelivery(emails[0]).text)?.[1] ?? "";
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    await db.agreement.update({
      where: { id: ids[1] },
      data: { signedAt: new Date("2026-03-10T23:59:59.999Z"), issuedAt: new Date("2026-03-01T00:00:00Z") },
    });
    await db.agreement.update({ where: { id: ids[2] }, data: { issuedAt: new Date("2026-03-02T12:00:00Z") } });
    expect(titles(await search(volume, { status: "signed" }))).toEqual(["Beta"]);
    expect(titles(await search(volume, { status: "sent" }))).toEqual(["Alpha", "Gamma"]);
    expect(titles(await search(other.volume))).toEqual(["Alpha elsewhere"]);
    expect(titles(await search(volume, { issuedFrom: "2026-03-01", issuedTo: "2026-03-01" }))).toEqual(["Beta"]);
    expect(titles(await search(volume, { issuedFrom: "2026-03-01", issuedTo: "2026-03-02" }))).toEqual([
      "Beta",
      "Gamma",
    ]);
    expect(titles(await search(volume, { issuedFrom: "2026-03-03", issuedTo: "2026-04-01" }))).toEqual([]);
    expect(titles(await search(volume, { signedFrom: "2026-03-10", signedTo: "2026-03-10" }))).toEqual(["Beta"]);
    expect(titles(await search(volume, { signedFrom: "2026-03-11" }))).toEqual([]);
    expect(titles(await search(volume, { signedTo: "2026-03-09" }))).toEqual([]);
    // A forged status or date is ignored rather than failing the page.
    expect((await search(volume, { status: "'; DROP TABLE", issuedFrom: "2026-13-45" })).total).toBe(3);
  });

  it("leaves superseded agreements out", async () => {
    const { volume, ids } = await volumeWith([{ title: "Old title" }, { title: "New title" }]);
    await db.agreement.update({ where: { id: ids[1] }, data: { supersedesId: ids[0] } });
    expect(titles(await search(volume))).toEqual(["New title"]);
  });

  it("sorts by each key with a stable order, and pages without repeating a row", async () => {
    const papers = Array.from({ length: 12 }, (_, i) => ({
      title: `Paper ${String.fromCharCode(76 - (i % 6))}${i}`,
      author: `Author ${String.fromCharCode(65 + i)}`,
      paperId: `P-${String(i).padStart(2, "0")}`,
    }));
    const { volume, ids } = await volumeWith(papers);
    // Ties on the sort key: the id decides.
    await db.agreement.updateMany({ where: { id: { in: ids } }, data: { issuedAt: new Date("2026-01-01T00:00:00Z") } });
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++)
      seen.push(...(await search(volume, { sort: "issued", page: String(page) }, 5)).rows.map((row) => row.id));
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    expect(seen).toEqual([...ids].sort().reverse());
    const byTitle = (await search(volume, { sort: "title", dir: "asc" }, 50)).rows.map((row) => row.articleTitle);
    expect(byTitle).toEqual([...byTitle].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const byPaper = (await search(volume, { sort: "paper", dir: "desc" }, 50)).rows.map((row) => row.paperId);
    expect(byPaper).toEqual(papers.map((p) => p.paperId).reverse());
    const byAuthor = (await search(volume, { sort: "author", dir: "asc" }, 50)).rows.map(
      (row) => row.correspondingAuthorName,
    );
    expect(byAuthor[0]).toBe("Author A");
    expect((await search(volume, { sort: "status" }, 50)).total).toBe(12);
    expect((await search(volume, { sort: "signed" }, 50)).total).toBe(12);
  });

  it("gives the last page for a page out of range and the default sort for a forged key", async () => {
    const { volume } = await volumeWith([{ title: "One" }, { title: "Two" }, { title: "Three" }]);
    const last = await search(volume, { page: "99" }, 2);
    expect(last).toMatchObject({ page: 2, pageCount: 2, total: 3 });
    expect(last.rows).toHaveLength(1);
    expect((await search(volume, { page: "-4" }, 2)).page).toBe(1);
    expect((await search(volume, { page: "abc" }, 2)).page).toBe(1);
    const forged = parseAgreementQuery({ sort: 'title; DROP TABLE "Agreement"', dir: "sideways" });
    expect(forged).toMatchObject({ sort: "issued", dir: "desc" });
    expect((await search(volume, { sort: "nope" })).rows.map((row) => row.articleTitle)).toEqual([
      "Three",
      "Two",
      "One",
    ]);
    const empty = await search(volume, { q: "no such thing", page: "5" });
    expect(empty).toMatchObject({ page: 1, pageCount: 1, total: 0, rows: [] });
  });

  it("pages through a free-text search in order without losing or repeating a match, and counts them all", async () => {
    const papers = Array.from({ length: 14 }, (_, i) => ({
      title: `${i % 7 === 3 ? "Kernel" : "Graph"} study ${String.fromCharCode(77 - i)}${i}`,
      paperId: `G-${String(i).padStart(2, "0")}`,
    }));
    const { volume } = await volumeWith(papers);
    const expected = papers.filter((paper) => paper.title.startsWith("Graph"));
    for (const [sort, dir, key] of [
      ["title", "asc", (p: { title: string }) => p.title.toLowerCase()],
      ["paper", "desc", (p: { paperId: string }) => p.paperId],
    ] as const) {
      const seen: string[] = [];
      for (let page = 1; page <= 4; page++) {
        const result = await search(volume, { q: "GRAPH stu", sort, dir, page: String(page) }, 3);
        expect(result).toMatchObject({ total: 12, pageCount: 4, page });
        seen.push(...result.rows.map((row) => row.articleTitle));
      }
      const order = [...expected].sort((a, b) => (key(a) < key(b) ? -1 : 1) * (dir === "asc" ? 1 : -1));
      expect(seen).toEqual(order.map((paper) => paper.title));
    }
    const past = await search(volume, { q: "graph", page: "9" }, 5);
    expect(past).toMatchObject({ page: 3, pageCount: 3, total: 12 });
    expect(past.rows).toHaveLength(2);
  });
  it("reads a page in two statements, the rows' one prepared, with the stored instants whatever the server's zone", async () => {
    const { volume } = await volumeWith([{ title: "Zoned one" }, { title: "Zoned two" }]);
    const holder = globalThis as unknown as { imprimaturDb?: ReturnType<typeof getDb> };
    const base = getDb();
    const throughPrisma: Prisma.Sql[] = [];
    holder.imprimaturDb = base.$extends({
      query: {
        async $queryRaw({ args, query }) {
          throughPrisma.push(args as unknown as Prisma.Sql);
          return query(args);
        },
      },
    }) as unknown as ReturnType<typeof getDb>;
    const zone = process.env.TZ;
    // pg reads a bare timestamp in the process's zone; the rows must not move with it.
    process.env.TZ = "America/New_York";
    try {
      const filters: Record<string, string>[] = [{}, { status: "sent" }, { q: "zoned" }, { sort: "title", dir: "asc" }];
      for (const params of filters) {
        throughPrisma.length = 0;
        const result = await search(volume, params);
        // The count and the page's ids in one statement; the rows, prepared, on the plain pg pool.
        expect(throughPrisma).toHaveLength(1);
        expect(result.total).toBe(2);
        for (const row of result.rows) {
          const stored = await base.agreement.findUniqueOrThrow({ where: { id: row.id } });
          expect(row.issuedAt.toISOString()).toBe(stored.issuedAt.toISOString());
        }
      }
    } finally {
      holder.imprimaturDb = base;
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
