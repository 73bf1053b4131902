import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AgreementResultsTable } from "@/components/agreement-results-table";
import { ColumnChoiceForm } from "@/components/column-choice-form";
import { agreementListHref, agreementQueryValues } from "./agreement-list-href";
import { parseAgreementQuery, type AgreementListRow } from "./agreement-query";
import { DEFAULT_COLUMNS, LIST_COLUMNS, parseListColumns } from "./list-columns";

const ROW: AgreementListRow = {
  id: "agr_1",
  paperId: "zhang21b",
  articleTitle: "Differentiable Dynamic Quantization",
  correspondingAuthorName: "Zhang Haoyang",
  correspondingAuthorEmail: "zhang@example.org",
  authors: ["Zhang Haoyang"],
  proceedingsId: "vol_1",
  proceedingsName: "PMLR vol. 139",
  status: "signed",
  issuedAt: new Date("2026-11-02T09:15:00Z"),
  signedAt: new Date("2026-11-03T10:20:00Z"),
  signatureName: "Zhang Haoyang",
  publishedAt: null,
  sealSha256: null,
  textSha256: "ab",
  signedTextSha256: null,
  signers: [],
  choiceAnswers: null,
  flags: [{ flag: "email_failed", reason: "the relay refused it" }],
};

const renderTable = (search: string) => {
  const query = parseAgreementQuery(new URLSearchParams(search));
  return renderToStaticMarkup(
    createElement(AgreementResultsTable, {
      rows: [ROW],
      columns: query.columns,
      sort: { key: query.sort, dir: query.dir },
      sortHref: (sort, dir) => agreementListHref(query, { sort, dir, page: 1 }),
    }),
  );
};
const headers = (html: string) =>
  [...html.matchAll(/<th scope="col"[^>]*>(?:<a [^>]*>)?([^<]+)/g)].map((match) => match[1].trim());

describe("the staff list's column choice", () => {
  it("shows every column when the address names none, and forged names fall back to the defaults", () => {
    expect(parseListColumns(undefined)).toEqual([...DEFAULT_COLUMNS]);
    expect(parseListColumns("nonsense,<script>")).toEqual([...DEFAULT_COLUMNS]);
    expect(parseAgreementQuery({}).columns).toEqual(LIST_COLUMNS.filter((column) => column !== "issued"));
  });

  it("reads the column form's repeated boxes and a link's comma list alike, in the table's order", () => {
    const fromForm = new URLSearchParams("cols=title&cols=signed&cols=status&cols=bogus");
    expect(parseAgreementQuery(fromForm).columns).toEqual(["status", "title", "signed"]);
    expect(parseAgreementQuery({ cols: ["title", "signed", "status"] }).columns).toEqual(["status", "title", "signed"]);
    expect(parseAgreementQuery({ cols: "signed,status" }).columns).toEqual(["status", "title", "signed"]);
  });

  it("always keeps the title, which links to the agreement, even with every box cleared", () => {
    expect(parseAgreementQuery(new URLSearchParams("cols=title")).columns).toEqual(["title"]);
    expect(parseListColumns("paper")).toEqual(["paper", "title"]);
  });

  it("survives paging, sorting and export links; the defaults add nothing to the address", () => {
    const query = parseAgreementQuery(new URLSearchParams("q=quantization&cols=paper&cols=signed&page=2"));
    const next = agreementListHref(query, { page: 3 });
    expect(parseAgreementQuery(new URLSearchParams(next.split("?")[1])).columns).toEqual(["paper", "title", "signed"]);
    expect(next).toContain("q=quantization");
    const sorted = agreementListHref(query, { sort: "title", dir: "asc", page: 1 });
    expect(new URLSearchParams(sorted.split("?")[1]).get("cols")).toBe("paper,title,signed");
    expect(agreementListHref(parseAgreementQuery({ q: "x" }))).toBe("/staff/agreements?q=x");
    const everything = parseAgreementQuery({ cols: LIST_COLUMNS.join(",") });
    expect(agreementListHref(everything)).toBe(`/staff/agreements?cols=${LIST_COLUMNS.join("%2C")}`);
  });

  it("renders only the chosen columns, their cells in the same order", () => {
    expect(headers(renderTable(""))).toEqual([
      "Status",
      "Paper",
      "Article",
      "Corresponding author",
      "Volume",
      "Signed",
      "Needs attention",
    ]);
    expect(headers(renderTable(`cols=${LIST_COLUMNS.join(",")}`))).toContain("Issued");
    const html = renderTable("cols=title&cols=signed&cols=paper");
    expect(headers(html)).toEqual(["Paper", "Article", "Signed"]);
    expect(html).not.toContain("zhang@example.org");
    expect(html).not.toContain("PMLR vol. 139");
    expect(html).not.toContain("the relay refused it");
    expect([...html.matchAll(/<td class="column-(\w+)"/g)].map((m) => m[1])).toEqual(["paper", "title", "signed"]);
    expect(html).toContain('<time class="utc" dateTime="2026-11-03T10:20:00.000Z">2026-11-03 10:20 UTC</time>');
  });

  it("the column form keeps the filters and page, and ticks the columns shown", () => {
    const query = parseAgreementQuery(new URLSearchParams("status=signed&cols=title&cols=volume&page=2"));
    const html = renderToStaticMarkup(
      createElement(ColumnChoiceForm, { columns: query.columns, values: agreementQueryValues(query), page: 2 }),
    );
    expect(html).toContain('<input type="hidden" name="status" value="signed"/>');
    expect(html).toContain('<input type="hidden" name="page" value="2"/>');
    expect(html).toMatch(/<input type="checkbox" name="cols" checked="" value="volume"\/>/);
    expect(html).toMatch(/<input type="checkbox" name="cols" value="status"\/>/);
  });
});
