import { describe, expect, it } from "vitest";
import { previewImportCsv } from "./preview-import-csv";

const HEADER = "paper_id,title,corresponding_author,corresponding_email,authors";

function preview(lines: string[]) {
  return previewImportCsv(new TextEncoder().encode([HEADER, ...lines].join("\n")), {
    issuedPapers: new Map(),
  });
}

describe("authors' emails in a volume's CSV", () => {
  it("reads each author's email written as Name <email>, separated by semicolons or commas", () => {
    const result = preview([
      '1,Engines,Ada Lovelace,ada@example.org,"Ada Lovelace <ADA@example.org>; Charles Babbage <cb@example.org>; Mary Somerville"',
      '2,Tables,Ada Lovelace,ada@example.org,"Ada Lovelace <ada@example.org>, Charles Babbage <cb@example.org>"',
    ]);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => [row.authors, row.authorEmails])).toEqual([
      [
        ["Ada Lovelace", "Charles Babbage", "Mary Somerville"],
        ["ada@example.org", "cb@example.org", ""],
      ],
      [
        ["Ada Lovelace", "Charles Babbage"],
        ["ada@example.org", "cb@example.org"],
      ],
    ]);
  });

  it("reports a malformed or shared email on its line and the authors column, and issues nothing of that row", () => {
    const result = preview([
      '1,Engines,Ada Lovelace,ada@example.org,"Ada Lovelace; Charles Babbage <not-an-email>"',
      '2,Tables,Ada Lovelace,ada@example.org,"Ada Lovelace <ada@example.org>; Charles Babbage <ada@example.org>"',
      '3,Looms,Ada Lovelace,ada@example.org,"Ada Lovelace <lovelace@example.org>; Charles Babbage"',
      '4,Notes,Ada Lovelace,ada@example.org,"Ada Lovelace; Charles Babbage <cb@example.org"',
      "5,Fine,Ada Lovelace,ada@example.org,Ada Lovelace",
    ]);
    expect(result.rows.map((row) => row.paperId)).toEqual(["5"]);
    expect(result.problems).toEqual([
      {
        line: 2,
        column: "authors",
        message: '“Charles Babbage <not-an-email>”: "not-an-email" is not an email address.',
      },
      {
        line: 3,
        column: "authors",
        message: "Ada Lovelace and Charles Babbage have the same email (ada@example.org): each author needs their own.",
      },
      {
        line: 4,
        column: "authors",
        message:
          "Ada Lovelace's email in All authors (lovelace@example.org) differs from the corresponding author email (ada@example.org).",
      },
      {
        line: 5,
        column: "authors",
        message:
          "“Charles Babbage <cb@example.org”: write an author's email in angle brackets, e.g. Ada Lovelace <ada@example.org>.",
      },
    ]);
  });
});

describe("values that would read as template markup", () => {
  it("refuses a title or author with double braces on its line and column, issuing the rest", () => {
    const result = preview([
      "1,{{choice:licence}},Ada Lovelace,ada@example.org,Ada Lovelace",
      '2,Tables,Ada Lovelace,ada@example.org,"Ada Lovelace; {{corresponding_author}}"',
      "3,{BERT} and Friends,Ada Lovelace,ada@example.org,Ada Lovelace",
    ]);
    expect(result.rows.map((row) => row.paperId)).toEqual(["3"]);
    expect(result.problems).toEqual([
      expect.objectContaining({ line: 2, column: "title", message: expect.stringContaining("“{{” or “}}”") }),
      expect.objectContaining({ line: 3, column: "authors", message: expect.stringContaining("“{{” or “}}”") }),
    ]);
  });
});
