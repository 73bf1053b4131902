// A volume's papers as a PMLR-style .bib: one @InProceedings per paper, keyed by its paper id.
// unicode2latex (the table @retorquere/bibtex-parser reads back) writes every non-ASCII letter as
// its LaTeX accent command and escapes TeX's special characters, so the file is pure ASCII that
// any BibTeX reads. Two fields PMLR does not use, `email` and `corresponding_author`, carry the
// corresponding author so that importing the file back gives the same papers.
import { Transform } from "unicode2latex";

export type BibtexPaper = {
  key: string;
  title: string;
  authors: string[];
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
};

const text = new Transform("bibtex");

export function volumeBibtex(volumeName: string, papers: BibtexPaper[]): string {
  const entries = papers.map((paper) => {
    const fields: [string, string][] = [
      ["title", text.tolatex(paper.title)],
      ["author", paper.authors.map(authorName).join(" and ")],
      ["booktitle", text.tolatex(volumeName)],
      ["email", text.tolatex(paper.correspondingAuthorEmail)],
    ];
    if (paper.correspondingAuthorName !== paper.authors[0])
      fields.push(["corresponding_author", text.tolatex(paper.correspondingAuthorName)]);
    const body = fields.map(([name, value]) => `  ${name} = {${value}}`).join(",\n");
    return `@InProceedings{${citationKey(paper.key)},\n${body}\n}\n`;
  });
  return entries.join("\n");
}

// A display name is written "First Last"; one BibTeX would split wrongly (a comma, or " and "
// inside it) is braced whole so it stays one author.
function authorName(name: string): string {
  const latex = text.tolatex(name);
  return /,|\s+and\s+/i.test(name) ? `{${latex}}` : latex;
}

// A key can't hold spaces, commas or braces; paper ids are usually "123" or "muller24a".
function citationKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_:.+\-/]/g, "-");
}
