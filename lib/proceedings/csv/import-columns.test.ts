import { describe, expect, it } from "vitest";
import { matchImportColumns } from "./import-columns";

describe("recognising a CSV's columns", () => {
  it.each([
    ["the template", ["paper_id", "title", "corresponding_author", "corresponding_email", "authors"]],
    ["spaces and capitals", ["Paper ID", "Title", "Corresponding Author", "Corresponding Email", "Authors"]],
    ["hyphens and e-mail", ["paper-id", "TITLE", "corresponding-author", "Corresponding E-mail", "all-authors"]],
    ["an EasyChair-style export", ["#", "Title", "Contact author", "Email", "Authors"]],
    [
      "a CMT-style export",
      ["Paper ID", "Paper Title", "Primary Contact Author Name", "Primary Contact Author Email", "Author Names"],
    ],
    ["other common names", ["Submission ID", "Article Title", "contact_author", "contact email", "all authors"]],
    ["a bare id", ["id", "title", "corresponding author", "email", "author names"]],
  ])("accepts %s", (_, header) => {
    expect(matchImportColumns(header)).toEqual({
      ok: true,
      indexes: { paperId: 0, articleTitle: 1, correspondingAuthorName: 2, correspondingAuthorEmail: 3, authors: 4 },
    });
  });

  it("ignores unknown columns and prefers the more specific of two fitting names", () => {
    const match = matchImportColumns([
      "Status",
      "Email",
      "Authors",
      "Contact Email",
      "Track",
      "Title",
      "Contact Author",
      "Paper ID",
    ]);
    expect(match).toEqual({
      ok: true,
      indexes: { paperId: 7, articleTitle: 5, correspondingAuthorName: 6, correspondingAuthorEmail: 3, authors: 2 },
    });
  });

  it("refuses to guess between two equally good columns", () => {
    expect(matchImportColumns(["paper_id", "title", "corresponding_author", "Email", "email", "authors"])).toEqual({
      ok: false,
      messages: ['Columns "Email" and "email" could both be corresponding_email: rename or remove all but one.'],
    });
  });

  it("names every missing column in template order", () => {
    const match = matchImportColumns(["Paper ID", "Abstract"]);
    expect(match).toEqual({
      ok: false,
      messages: [
        "Missing column(s): title, corresponding_author, corresponding_email, authors. Found: Paper ID, Abstract.",
      ],
    });
  });
});
