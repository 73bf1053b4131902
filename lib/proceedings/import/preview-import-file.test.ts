import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { IssuedPaper } from "../csv/import-types";
import { previewImportFile } from "./preview-import-file";

const NONE = new Map<string, IssuedPaper>();
const fixture = (name: string) => new Uint8Array(readFileSync(`test/fixtures/imports/${name}`));
const bytes = (text: string) => new TextEncoder().encode(text);

describe("PMLR BibTeX import", () => {
  const preview = previewImportFile(fixture("pmlr-volume.bib"), { fileName: "v260.bib", issuedPapers: NONE });

  it("takes @InProceedings keys as paper ids and skips the @Proceedings entry", () => {
    expect(preview.format).toBe("bibtex");
    expect(preview.totalLines).toBe(3);
    expect(preview.rows.map((row) => row.paperId)).toEqual(["muller24a", "nguyen24b"]);
  });

  it("turns LaTeX accents, escapes and protective braces into Unicode titles and display names", () => {
    const [muller, nguyen] = preview.rows;
    expect(muller.articleTitle).toBe("Schönheit in Bayesian Optimisation: Fast & Robust");
    expect(muller.authors).toEqual(["Jörg Müller", "José Cañón", "Zofia Łukasiewicz"]);
    expect(nguyen.articleTitle).toBe("Ångström-Scale Graphs for Erdős–Rényi Models");
    expect(nguyen.authors).toEqual(["Thị Lan Nguyễn", "Pieter van der Berg", "Søren Østergaard"]);
  });

  it("takes the corresponding author's email from the email field, for the first or the named author", () => {
    const [muller, nguyen] = preview.rows;
    expect([muller.correspondingAuthorName, muller.correspondingAuthorEmail]).toEqual([
      "Jörg Müller",
      "joerg.mueller@example.de",
    ]);
    expect([nguyen.correspondingAuthorName, nguyen.correspondingAuthorEmail]).toEqual([
      "Pieter van der Berg",
      "pieter@example.nl",
    ]);
    expect(nguyen.authorEmails).toEqual(["", "pieter@example.nl", ""]);
  });

  it("asks for the email of an entry without one, on the entry's line", () => {
    expect(preview.problems).toEqual([
      expect.objectContaining({ line: 34, column: "email", message: expect.stringContaining("add email = {…}") }),
    ]);
  });

  it("reports an unreadable entry and a repeated key by line, keeping the good entries", () => {
    const text = [
      "@InProceedings{a1, title={One}, author={Doe, Jane}, email={jane@example.org}}",
      "@InProceedings{a1, title={Again}, author={Doe, Jane}, email={jane@example.org}}",
      "@InProceedings{b2, title={Broken, author={Roe, Rick}",
    ].join("\n");
    const result = previewImportFile(bytes(text), { fileName: "x.bib", issuedPapers: NONE });
    expect(result.rows.map((row) => row.paperId)).toEqual(["a1"]);
    expect(result.problems.map((problem) => problem.line)).toEqual([2, 3]);
    expect(result.problems[0].message).toBe("Paper a1 appears again: it is already on line 1.");
  });

  it("finds nothing to issue in a re-import of papers already issued unchanged, and reissues a changed title", () => {
    const [muller] = preview.rows;
    const issued = new Map<string, IssuedPaper>([
      ["muller24a", { agreementId: "ag-1", status: "signed", ...pick(muller), articleTitle: "Old title" }],
      ["nguyen24b", { agreementId: "ag-2", status: "sent", ...pick(preview.rows[1]) }],
    ]);
    const again = previewImportFile(fixture("pmlr-volume.bib"), { fileName: "v260.bib", issuedPapers: issued });
    expect(again.unchanged).toBe(1);
    expect(again.rows.map((row) => [row.paperId, row.supersedes?.agreementId])).toEqual([["muller24a", "ag-1"]]);
  });

  it("keeps the row limit", () => {
    const result = previewImportFile(fixture("pmlr-volume.bib"), { fileName: "v.bib", issuedPapers: NONE, maxRows: 2 });
    expect(result.rows).toEqual([]);
    expect(result.problems[0].message).toContain("at most 2 can be imported at once");
  });
});

describe("OpenReview import", () => {
  const preview = previewImportFile(fixture("openreview-accepted-v2.json"), {
    fileName: "accepted.json",
    issuedPapers: NONE,
  });

  it("reads API v2 ({ value }) and v1 notes, with the note number as paper id", () => {
    expect(preview.format).toBe("openreview");
    expect(preview.rows.map((row) => [row.paperId, row.articleTitle])).toEqual([
      ["1042", "Équivariant Diffusion for Molecules in Łódź"],
      ["1077", "Attention Is Not All You Need (v1 API)"],
    ]);
  });

  it("makes email authorids author emails, not profile ids, and the first emailed author the corresponding one", () => {
    const [first] = preview.rows;
    expect(first.authors).toEqual(["Zoë Dubois", "Søren Kierkegaard", "李雷"]);
    expect(first.authorEmails).toEqual(["", "soren@example.dk", "li.lei@example.cn"]);
    expect([first.correspondingAuthorName, first.correspondingAuthorEmail]).toEqual([
      "Søren Kierkegaard",
      "soren@example.dk",
    ]);
  });

  it("reports a note whose authors have only profile ids on that note's line", () => {
    expect(preview.problems).toEqual([
      expect.objectContaining({ line: 24, column: "content.authorids", message: expect.stringContaining("1103") }),
    ]);
  });

  it("refuses a file that is not JSON with a clear message", () => {
    const result = previewImportFile(bytes('[{"id": "x",'), { fileName: "a.json", issuedPapers: NONE });
    expect(result.problems[0].message).toMatch(/^The file is not valid JSON/);
  });
});

describe("CMT camera-ready CSV import", () => {
  const preview = previewImportFile(fixture("cmt-camera-ready.csv"), {
    fileName: "CameraReady.csv",
    issuedPapers: NONE,
  });

  it("reads CMT's columns through a BOM and Windows line ends: names without affiliations, each with its email", () => {
    expect(preview.format).toBe("csv");
    expect(preview.rows).toEqual([
      expect.objectContaining({
        line: 2,
        paperId: "17",
        articleTitle: "Robust Régression with Heavy Tails",
        correspondingAuthorName: "Élodie Martin",
        correspondingAuthorEmail: "elodie.martin@example.fr",
        authors: ["Élodie Martin", "Jürgen Weiß"],
        authorEmails: ["elodie.martin@example.fr", "juergen@example.de"],
      }),
    ]);
  });

  it("reports a missing primary contact email under CMT's column name", () => {
    expect(preview.problems).toEqual([expect.objectContaining({ line: 3, column: "Primary Contact Author Email" })]);
  });
});

type Paper = Pick<IssuedPaper, "articleTitle" | "correspondingAuthorName" | "correspondingAuthorEmail" | "authors">;

function pick(row: Paper) {
  const { articleTitle, correspondingAuthorName, correspondingAuthorEmail, authors } = row;
  return { articleTitle, correspondingAuthorName, correspondingAuthorEmail, authors };
}
