import { describe, expect, it } from "vitest";
import { previewImportCsv, type IssuedPaper } from "./preview-import-csv";

const HEADER = "paper_id,title,corresponding_author,corresponding_email,authors";
const NONE = new Map<string, IssuedPaper>();

function preview(
  text: string | Uint8Array,
  options: { issuedPapers?: Map<string, IssuedPaper>; maxRows?: number } = {},
) {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  return previewImportCsv(bytes, { issuedPapers: options.issuedPapers ?? NONE, maxRows: options.maxRows });
}

/** Paper `id` as row(id) would write it, already issued with `status`. */
function issued(
  id: number,
  status: IssuedPaper["status"] = "sent",
  overrides: Partial<IssuedPaper> = {},
): [string, IssuedPaper] {
  const paper: IssuedPaper = {
    agreementId: `agreement-${id}`,
    status,
    articleTitle: `Paper number ${id}`,
    correspondingAuthorName: "Ada Lovelace",
    correspondingAuthorEmail: "ada@example.org",
    authors: ["Ada Lovelace", "Charles Babbage"],
    ...overrides,
  };
  return [String(id), paper];
}

function row(id: number | string, overrides: Partial<Record<"title" | "name" | "email" | "authors", string>> = {}) {
  const {
    title = `Paper number ${id}`,
    name = "Ada Lovelace",
    email = "ada@example.org",
    authors = "Ada Lovelace; Charles Babbage",
  } = overrides;
  return [id, title, name, email, authors]
    .map((cell) => (/[",\n;]/.test(String(cell)) ? `"${String(cell).replace(/"/g, '""')}"` : cell))
    .join(",");
}

describe("previewing a volume's CSV", () => {
  it("reads a clean Excel file saved with a byte order mark and semicolons", () => {
    const text =
      "Paper ID;Title;Corresponding Author;Corresponding Email;Authors\r\n17;Deep Nets;Ada Lovelace;ADA@example.org;Ada Lovelace; Charles Babbage\r\n";
    const withSemicolons = "\uFEFF" + text.replace("Ada Lovelace; Charles Babbage", '"Ada Lovelace; Charles Babbage"');
    const result = preview(withSemicolons);
    expect(result.problems).toEqual([]);
    expect(result.header).toEqual(["Paper ID", "Title", "Corresponding Author", "Corresponding Email", "Authors"]);
    expect(result.totalLines).toBe(1);
    expect(result.rows).toEqual([
      {
        line: 2,
        paperId: "17",
        articleTitle: "Deep Nets",
        correspondingAuthorName: "Ada Lovelace",
        correspondingAuthorEmail: "ada@example.org",
        authors: ["Ada Lovelace", "Charles Babbage"],
        authorEmails: ["", ""],
      },
    ]);
  });

  it("accepts the column names conference systems export, in any order, ignoring extra columns", () => {
    const text = [
      "Author Names,Contact Email,Status,Paper Title,#,Contact Author",
      '"Ada Lovelace; Charles Babbage",ada@example.org,Accept,Engines,4,Ada Lovelace',
    ].join("\n");
    const result = preview(text);
    expect(result.problems).toEqual([]);
    expect(result.rows[0]).toMatchObject({
      paperId: "4",
      articleTitle: "Engines",
      correspondingAuthorEmail: "ada@example.org",
      authors: ["Ada Lovelace", "Charles Babbage"],
    });
  });

  it("keeps commas, quotes and line breaks inside quoted values and numbers lines from where each record starts", () => {
    const text = [
      HEADER,
      '1,"Nets, Trees and ""Forests""",Ada Lovelace,ada@example.org,Ada Lovelace',
      '2,One title,Ada Lovelace,ada@example.org,"Ada Lovelace\nCharles Babbage"',
      '3,"A title\r\nover two lines",Ada Lovelace,ada@example.org,Ada Lovelace',
      "",
      "4,Short,Ada Lovelace,not-an-email,Ada Lovelace",
    ].join("\r\n");
    const result = preview(text);
    expect(result.rows.map((r) => [r.line, r.articleTitle, r.authors])).toEqual([
      [2, 'Nets, Trees and "Forests"', ["Ada Lovelace"]],
      [3, "One title", ["Ada Lovelace", "Charles Babbage"]],
    ]);
    // A title is one line wherever it comes from: it is substituted into the legal text.
    expect(result.problems).toEqual([
      { line: 5, column: "title", message: "Article title must be on one line: remove the line break." },
      { line: 8, column: "corresponding_email", message: '"not-an-email" is not an email address.' },
    ]);
  });

  it("refuses cells with controls, invisible or direction characters on their line and column, and keeps the other rows", () => {
    const result = preview(
      [
        HEADER,
        row(1, { title: "Deep \u202Egnirts\u202C Nets" }),
        row(2, { name: "Ada\u200BLovelace", authors: "Ada\u200BLovelace" }),
        row(3, { email: "ada\u0090@example.org" }),
        row("4\u2066", { title: "Paper four" }),
        row(5, { authors: "Ada Lovelace; Charles\u00ADBabbage" }),
        row(6, { title: "Engines\t8. New clause" }),
        row(7, { name: "می\u200Cخواهم", authors: "می\u200Cخواهم" }),
      ].join("\n"),
    );
    expect(result.rows.map((r) => [r.line, r.correspondingAuthorName])).toEqual([[8, "می\u200Cخواهم"]]);
    expect(result.problems).toEqual([
      {
        line: 2,
        column: "title",
        message:
          "Article title contains an invisible text-direction character (U+202E), which can make it display differently from what is stored; remove it.",
      },
      {
        line: 3,
        column: "corresponding_author",
        message: "Corresponding author contains an invisible zero-width character (U+200B); remove it.",
      },
      {
        line: 3,
        column: "authors",
        message: "All authors (“Ada Lovelace”) contains an invisible zero-width character (U+200B); remove it.",
      },
      {
        line: 4,
        column: "corresponding_email",
        message: "Corresponding author email contains a control character (U+0090); remove it.",
      },
      {
        line: 5,
        column: "paper_id",
        message:
          "Paper ID contains an invisible text-direction character (U+2066), which can make it display differently from what is stored; remove it.",
      },
      {
        line: 6,
        column: "authors",
        message: "All authors (“Charles Babbage”) contains an invisible formatting character (U+00AD); remove it.",
      },
      { line: 7, column: "title", message: "Article title must be on one line: replace the tab with a space." },
    ]);
  });

  it("says an empty file is empty", () => {
    expect(preview("").problems).toEqual([{ line: null, column: null, message: "The file is empty." }]);
    expect(preview("\uFEFF\r\n  \n").problems).toEqual([{ line: null, column: null, message: "The file is empty." }]);
  });

  it("says a file with only the header has no rows", () => {
    const result = preview(HEADER + "\n");
    expect(result).toMatchObject({
      rows: [],
      totalLines: 0,
      problems: [{ line: null, column: null, message: "The file has a header but no rows below it." }],
    });
  });

  it("asks for a header when the first line is already data", () => {
    const result = preview([row(1), row(2)].join("\n"));
    expect(result.rows).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 1, column: null });
    expect(result.problems[0].message).toMatch(
      /^Missing column\(s\): paper_id, title, corresponding_author, corresponding_email, authors\. Found: 1, Paper number 1, Ada Lovelace, ada@example\.org, Ada Lovelace; Charles Babbage\. The first line must name the columns\.$/,
    );
  });

  it("names the missing columns and lists what it found", () => {
    const result = preview(
      ["paper_id,title,corresponding_author,email address 2,authors", "1,T,Ada,ada@example.org,Ada"].join("\n"),
    );
    expect(result.problems).toEqual([
      {
        line: 1,
        column: null,
        message:
          "Missing column(s): corresponding_email. Found: paper_id, title, corresponding_author, email address 2, authors.",
      },
    ]);
    expect(result.rows).toEqual([]);
  });

  it("refuses bytes that are not UTF-8, such as a Latin-1 export", () => {
    const latin1 = Uint8Array.from([
      ...new TextEncoder().encode(`${HEADER}\n1,T,Zo`),
      0xeb,
      ...new TextEncoder().encode(",z@example.org,Zo"),
      0xeb,
    ]);
    expect(preview(latin1)).toEqual({
      rows: [],
      unchanged: 0,
      totalLines: 0,
      header: [],
      problems: [
        { line: null, column: null, message: "The file is not UTF-8 text: save it as CSV UTF-8 and upload again." },
      ],
    });
  });

  it("refuses a file with more rows than can be imported at once", () => {
    const lines = [HEADER, ...Array.from({ length: 100_000 }, (_, i) => row(i + 1))];
    const result = preview(lines.join("\n"));
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([
      {
        line: null,
        column: null,
        message: "The file has 100,000 rows; at most 20,000 can be imported at once: split the file.",
      },
    ]);
  });

  it("still stops at the limit when a stray quote hides line breaks from the quick count", () => {
    const lines = [
      HEADER,
      row(1, { title: 'A 5" floppy' }).replace('"A 5"" floppy"', 'A 5" floppy'),
      ...Array.from({ length: 30 }, (_, i) => row(i + 2)),
    ];
    expect(preview(lines.join("\n"), { maxRows: 10 }).problems).toEqual([
      {
        line: null,
        column: null,
        message: "The file has more than 10 rows; at most 10 can be imported at once: split the file.",
      },
    ]);
    expect(preview(lines.join("\n"), { maxRows: 40 }).rows[0].articleTitle).toBe('A 5" floppy');
  });

  it("keeps values that look like spreadsheet formulas exactly as typed", () => {
    const result = preview(
      [HEADER, row("=1+1", { title: "-1 is not enough", name: "@ada", authors: "@ada; +Charles" })].join("\n"),
    );
    expect(result.problems).toEqual([]);
    expect(result.rows[0]).toMatchObject({
      paperId: "=1+1",
      articleTitle: "-1 is not enough",
      correspondingAuthorName: "@ada",
      authors: ["@ada", "+Charles"],
    });
  });

  it("reports a paper id that appears twice on the later line", () => {
    const result = preview([HEADER, row(17), row(18), row(17)].join("\n"));
    expect(result.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(result.problems).toEqual([
      { line: 4, column: "paper_id", message: "Paper 17 appears again: it is already on line 2." },
    ]);
  });

  it("issues nothing for a paper already issued with the same title and authors, and counts it unchanged", () => {
    const result = preview([HEADER, row(17), row(18)].join("\n"), { issuedPapers: new Map([issued(18)]) });
    expect(result.rows.map((r) => r.paperId)).toEqual(["17"]);
    expect(result.unchanged).toBe(1);
    expect(result.problems).toEqual([]);
  });

  it("marks a paper whose title or author list changed, with what changed, to reissue its agreement", () => {
    const text = [
      HEADER,
      row(1, { title: "A Better Title" }),
      row(2, { authors: "Ada Lovelace; Charles Babbage; Mary Somerville" }),
      row(3),
      row(4, { title: "Signed, then renamed" }),
      row(5, { title: "Declined, then renamed" }),
    ].join("\n");
    const issuedPapers = new Map([
      issued(1),
      issued(2, "viewed"),
      issued(3),
      issued(4, "signed"),
      issued(5, "declined"),
    ]);
    const result = preview(text, { issuedPapers });
    expect(result.problems).toEqual([]);
    expect(result.unchanged).toBe(1);
    expect(result.rows.map((r) => [r.paperId, r.supersedes])).toEqual([
      [
        "1",
        {
          agreementId: "agreement-1",
          status: "sent",
          changes: [{ field: "title", from: "Paper number 1", to: "A Better Title" }],
        },
      ],
      [
        "2",
        {
          agreementId: "agreement-2",
          status: "viewed",
          changes: [
            {
              field: "authors",
              from: "Ada Lovelace; Charles Babbage",
              to: "Ada Lovelace; Charles Babbage; Mary Somerville",
            },
          ],
        },
      ],
      [
        "4",
        {
          agreementId: "agreement-4",
          status: "signed",
          changes: [{ field: "title", from: "Paper number 4", to: "Signed, then renamed" }],
        },
      ],
      [
        "5",
        {
          agreementId: "agreement-5",
          status: "declined",
          changes: [{ field: "title", from: "Paper number 5", to: "Declined, then renamed" }],
        },
      ],
    ]);
  });

  it("does not reissue a voided paper's agreement, and says why; a new email alone changes nothing", () => {
    const text = [HEADER, row(7, { title: "Back again" }), row(8, { email: "new@example.org" })].join("\n");
    const result = preview(text, { issuedPapers: new Map([issued(7, "voided"), issued(8)]) });
    expect(result.rows).toEqual([]);
    expect(result.unchanged).toBe(1);
    expect(result.problems).toEqual([
      {
        line: 2,
        column: "paper_id",
        message:
          "Paper 7 changed, but its agreement was voided, so it is not reissued: reissue it from the agreement's " +
          "page if the paper is back in the volume.",
      },
      {
        line: 3,
        column: "corresponding_email",
        message:
          "Paper 8: the agreement was sent to ada@example.org; a new email alone reissues nothing: change the " +
          "author's email on the agreement's page.",
      },
    ]);
  });

  it("checks each row like the issue form, naming the column as written in the file", () => {
    const text = [
      "ID,Paper Title,Contact Author,Contact Email,All Authors",
      row(1, { title: " " }),
      row(2, { name: "" }),
      row(3, { authors: " ; " }),
      row(4, { authors: "Someone Else" }),
      row(5, { title: "t".repeat(501) }),
      row("", {}),
    ].join("\n");
    const result = preview(text);
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([
      { line: 2, column: "Paper Title", message: "Article title is required." },
      { line: 3, column: "Contact Author", message: "Corresponding author is required." },
      { line: 4, column: "All Authors", message: "Authors are required: list every author, separated by semicolons." },
      { line: 5, column: "All Authors", message: "Include the corresponding author in All authors." },
      { line: 6, column: "Paper Title", message: "Article title must be at most 500 characters." },
      { line: 7, column: "ID", message: "Paper ID is required." },
    ]);
  });

  it("reports a line with too few or too many values but tolerates trailing empty cells", () => {
    const result = preview([HEADER, "1,Title,Ada,ada@example.org", row(2) + ",extra", row(3) + ",,"].join("\n"));
    expect(result.rows.map((r) => r.paperId)).toEqual(["3"]);
    expect(result.problems.map((p) => [p.line, p.column, p.message.slice(0, 45)])).toEqual([
      [2, null, "This line has 4 values but the header has 5: "],
      [3, null, "This line has 6 values but the header has 5: "],
    ]);
  });

  it("splits authors on commas only when the cell has no semicolon", () => {
    const result = preview(
      [
        HEADER,
        row(1, { authors: "Ada Lovelace, Charles Babbage" }),
        row(2, { authors: "Lovelace, Ada; Babbage, Charles", name: "Lovelace, Ada" }),
      ].join("\n"),
    );
    expect(result.rows.map((r) => r.authors)).toEqual([
      ["Ada Lovelace", "Charles Babbage"],
      ["Lovelace, Ada", "Babbage, Charles"],
    ]);
  });

  it("passes names in any script through, normalised to NFC like the form", () => {
    const decomposed = "Zoe\u0308 Müller";
    const result = preview(
      [
        HEADER,
        row(1, { name: decomposed, authors: `${decomposed}; Αλέξανδρος Παπαδόπουλος; 김민준; محمد علي; 山田太郎` }),
      ].join("\n"),
    );
    expect(result.problems).toEqual([]);
    expect(result.rows[0].correspondingAuthorName).toBe("Zoë Müller".normalize("NFC"));
    expect(result.rows[0].authors).toEqual([
      "Zoë Müller".normalize("NFC"),
      "Αλέξανδρος Παπαδόπουλος",
      "김민준",
      "محمد علي",
      "山田太郎",
    ]);
  });

  it("points at the line where a quote is opened and never closed", () => {
    const atTheEnd = preview(
      [HEADER, row(1), '2,"Unclosed title,Ada,ada@example.org,Ada', "3,Next,Ada,ada@example.org,Ada"].join("\n"),
    );
    expect(atTheEnd.rows.map((r) => r.paperId)).toEqual(["1"]);
    expect(atTheEnd.problems).toEqual([
      {
        line: 3,
        column: null,
        message:
          'A quote (") opened on this line is never closed, so the rest of the file cannot be read: close it or remove it.',
      },
    ]);

    const inTheHeader = preview(
      ['paper_id,"title,corresponding_author,corresponding_email,authors', row(1)].join("\n"),
    );
    expect(inTheHeader.rows).toEqual([]);
    expect(inTheHeader.problems.at(-1)).toEqual({
      line: 1,
      column: null,
      message: 'The header runs on to line 2: check that every quote (") is closed.',
    });

    const beforeMoreQuotes = preview(
      [HEADER, '2,"Unclosed title,Ada,ada@example.org,Ada', row(3), row(4)].join("\r\n"),
    );
    expect(beforeMoreQuotes.problems[0]).toEqual({
      line: 2,
      column: null,
      message:
        'This line has 2 values but the header has 5, and the record runs on to line 3: check that every quote (") is closed.',
    });
  });

  it("lists at most 500 problems and counts the rest", () => {
    const result = preview(
      [HEADER, ...Array.from({ length: 800 }, (_, i) => row(i + 1, { email: "nope" }))].join("\n"),
    );
    expect(result.problems).toHaveLength(501);
    expect(result.problems.at(-1)).toEqual({ line: null, column: null, message: "…and 300 more problems." });
  });
});
