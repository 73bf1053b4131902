// Reads a PMLR-style proceedings .bib: each @InProceedings entry is one paper, its key the paper
// id. @retorquere/bibtex-parser turns LaTeX accents and escapes ({\"o}, \'{e}, {\L}, \&) into
// Unicode and drops protective braces; authors "Last, First and …" become display names.
//
// BibTeX has no standard field for the corresponding author's email, so it is taken from the
// entry's `email` field (the first address when several are listed, separated by "and", ","
// or ";"; `corresponding_email` wins when present), and the corresponding author is the author
// whose name `corresponding_author` gives, else the first author. An entry without an email is
// reported on its line asking for `email = {…}`: the editor adds one line to the entry.
import { parse, type Creator } from "@retorquere/bibtex-parser";
import type { ImportField } from "../csv/import-columns";
import type { ImportPreview, IssuedPaper } from "../csv/import-types";
import type { ImportCells } from "../csv/validate-import-row";
import { createPreviewCollector } from "./collect-preview-rows";
import { createLineFinder } from "./line-finder";
import { formatCount } from "@/lib/text/format-count";

const PAPER_TYPES = new Set(["inproceedings", "conference", "article"]);

const ENTRY_START = /@\s*(?:inproceedings|conference|article)\s*[{(]/gi;

const FIELD_NAMES: Record<ImportField, string> = {
  paperId: "key",
  articleTitle: "title",
  correspondingAuthorName: "corresponding_author",
  correspondingAuthorEmail: "email",
  authors: "author",
};

export function previewImportBibtex(
  text: string,
  options: { issuedPapers: ReadonlyMap<string, IssuedPaper>; maxRows: number },
): ImportPreview {
  // A quick count first, so an oversized file is refused without parsing all of it.
  const entries = text.match(ENTRY_START)?.length ?? 0;
  if (entries > options.maxRows) return refusal(tooManyEntries(options.maxRows), entries);

  const collector = createPreviewCollector(options.issuedPapers);
  const { problems } = collector;
  const lineAt = createLineFinder(text);
  const library = parse(text, { sentenceCase: false, english: false });

  let from = 0;
  let papers = 0;
  for (const entry of library.entries) {
    // The parser keeps each entry's source: its position gives the line problems are reported on.
    const at = entry.input ? text.indexOf(entry.input, from) : -1;
    if (at >= 0) from = at + entry.input.length;
    const line = lineAt(at >= 0 ? at : from);
    if (!PAPER_TYPES.has(entry.type)) continue;
    if (!entry.input) continue; // an unreadable entry: its error is reported below
    papers += 1;
    if (papers > options.maxRows) return refusal(tooManyEntries(options.maxRows), papers);
    const fields = entry.fields as Record<string, unknown>;
    const authors = creators(fields.author);
    const email = firstEmail(text1(fields.corresponding_email) || text1(fields.email));
    const named = text1(fields.corresponding_author);
    const corresponding = named || authors[0] || "";
    if (!email) {
      problems.add({
        line,
        column: "email",
        message:
          `Paper ${entry.key} has no corresponding author's email: add email = {…} to the entry ` +
          "(the corresponding author's address; the first author is the corresponding author " +
          "unless corresponding_author = {…} names another).",
      });
    }
    const withEmail = authors.map((name) => (email && name === corresponding ? `${name} <${email}>` : name));
    const cells: ImportCells = {
      paperId: entry.key,
      articleTitle: text1(fields.title),
      correspondingAuthorName: corresponding,
      correspondingAuthorEmail: email,
      authors: withEmail.join(";"),
    };
    if (!email) continue;
    collector.add(cells, line, (field) => FIELD_NAMES[field]);
  }

  for (const error of library.errors) {
    const match = /at line (\d+)/.exec(error.error);
    problems.add({
      line: match ? Number(match[1]) : null,
      column: null,
      message: `This entry cannot be read as BibTeX (${error.error}).`,
    });
  }
  if (papers === 0 && problems.count === 0)
    problems.add({ line: null, column: null, message: "The file has no @InProceedings entries." });
  return collector.finish(papers, []);
}

function tooManyEntries(maxRows: number): string {
  const most = formatCount(maxRows);
  return `The file has more than ${most} entries; at most ${most} can be imported at once: split the file.`;
}

function refusal(message: string, totalLines: number): ImportPreview {
  return { rows: [], problems: [{ line: null, column: null, message }], unchanged: 0, totalLines, header: [] };
}

function text1(value: unknown): string {
  if (typeof value === "string") return value.trim();
  if (Array.isArray(value))
    return value
      .map((item) => String(item))
      .join(" ")
      .trim();
  return "";
}

function firstEmail(value: string): string {
  return value.split(/\s+and\s+|[,;\s]+/).find((part) => part.includes("@")) ?? value;
}

/** "Last, First" pairs as display names; a braced corporate name ({OpenAI Team}) stays whole. */
function creators(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return (value as Creator[])
    .map((creator) => {
      if (creator.name) return creator.name;
      const first = [creator.firstName, creator.prefix].filter(Boolean).join(" ");
      const last = [creator.lastName, creator.suffix ? `${creator.suffix}` : ""].filter(Boolean).join(", ");
      return [first, last].filter(Boolean).join(" ");
    })
    .map((name) => name.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}
