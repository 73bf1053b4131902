// Turns the plain agreement text into structure that both the signing page and the PDF lay out, so
// the two always number and group clauses the same way. Pure: no server-only, safe in components.
// The markup (README "Agreement templates") is a superset of the plain text: a first line "# " is
// the title, "## " lines are headings, *italic* and **bold** emphasis (agreement-inline.ts). `text` is
// always the plain text; `spans` is there only when a line has emphasis.
import { parseInline, type InlineSpan } from "./agreement-inline";

export type { InlineSpan } from "./agreement-inline";

type Styled = { text: string; spans?: InlineSpan[] };

export type AgreementBlock =
  | ({ kind: "title" } & Styled)
  | ({ kind: "heading" } & Styled)
  | ({ kind: "paragraph" } & Styled)
  | ({ kind: "clause"; number: string; subclauses: ({ number: string } & Styled)[] } & Styled)
  | { kind: "footnote"; marker: string; text: string }
  | { kind: "affirmation"; text: string }
  /** A {{choice:<key>}} line: where the clause of the author's answer goes. */
  | { kind: "choice"; key: string };

/** A line that is only {{choice:<key>}}. */
export const CHOICE_LINE = /^\{\{choice:([a-z][a-z0-9_]{0,39})\}\}$/;

type Clause = Extract<AgreementBlock, { kind: "clause" }>;

const NUMBERED_LINE = /^(\d{1,3})\.\s+(\S.*)$/;
const FOOTNOTE_LINE = /^([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*(\S.*)$/;
// "# " marks the title only on the first line; "## " a heading anywhere after it. A lone "#"
// elsewhere is text (a title such as "# of samples" on its own line stays a paragraph).
const TITLE_LINE = /^#\s+(\S.*)$/;
const HEADING_LINE = /^##\s+(\S.*)$/;

/** The line's plain text, with its emphasis as spans when it has any. */
function styled(line: string): Styled {
  const { spans, plain } = parseInline(line);
  return spans.length === 1 && spans[0].style === "regular" ? { text: line } : { text: plain, spans };
}

export function parseAgreementBlocks(text: string): AgreementBlock[] {
  const blocks: AgreementBlock[] = [];
  // Clauses seen since the numbering last started at 1, kept so they can be demoted (see below).
  let clauseRun: Clause[] = [];
  let clauseAwaitingSubclauses: Clause | null = null;
  let sawTitle = false;
  let sawClause = false;

  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.trim();
    if (line === "") continue;

    if (!sawTitle) {
      blocks.push({ kind: "title", ...styled(TITLE_LINE.exec(line)?.[1] ?? line) });
      sawTitle = true;
      continue;
    }
    const heading = HEADING_LINE.exec(line);
    if (heading) {
      blocks.push({ kind: "heading", ...styled(heading[1]) });
      clauseAwaitingSubclauses = null;
      continue;
    }

    const numbered = NUMBERED_LINE.exec(line);
    if (numbered) {
      const [, number, body] = numbered;
      const nextSubclause = String((clauseAwaitingSubclauses?.subclauses.length ?? 0) + 1);
      if (clauseAwaitingSubclauses && number === nextSubclause) {
        clauseAwaitingSubclauses.subclauses.push({ number, ...styled(body) });
        continue;
      }
      clauseAwaitingSubclauses = null;
      const expected = String(clauseRun.length + 1);
      if (number === "1" && clauseRun.length > 0) {
        // Numbering restarted: the earlier "clauses" were typed content such as a title "1. Intro",
        // so they go back to being paragraphs and the real numbering starts here.
        demoteToParagraphs(blocks, clauseRun);
        clauseRun = [];
      } else if (number !== expected) {
        blocks.push({ kind: "paragraph", ...styled(line) });
        continue;
      }
      const clause: Clause = { kind: "clause", number, ...styled(body), subclauses: [] };
      blocks.push(clause);
      clauseRun.push(clause);
      sawClause = true;
      if (body.endsWith(":")) clauseAwaitingSubclauses = clause;
      continue;
    }

    clauseAwaitingSubclauses = null;
    const choice = CHOICE_LINE.exec(line);
    if (choice) {
      blocks.push({ kind: "choice", key: choice[1] });
      continue;
    }
    const footnote = FOOTNOTE_LINE.exec(line);
    if (footnote) {
      blocks.push({ kind: "footnote", marker: footnote[1], text: footnote[2] });
    } else if (sawClause && isShouted(line)) {
      blocks.push({ kind: "affirmation", text: line });
    } else {
      blocks.push({ kind: "paragraph", ...styled(line) });
    }
  }
  return blocks;
}

/** The block as one line of plain text, numbering included: what a reader would copy. */
export function agreementBlockPlainText(block: AgreementBlock): string {
  switch (block.kind) {
    case "clause":
      return [`${block.number}. ${block.text}`, ...block.subclauses.map((sub) => `${sub.number}. ${sub.text}`)].join(
        "\n",
      );
    case "footnote":
      return `${block.marker}${block.text}`;
    case "choice":
      return `{{choice:${block.key}}}`;
    default:
      return block.text;
  }
}

function demoteToParagraphs(blocks: AgreementBlock[], clauses: Clause[]): void {
  for (const clause of clauses) {
    const index = blocks.indexOf(clause);
    const lines = agreementBlockPlainText(clause).split("\n");
    blocks.splice(index, 1, ...lines.map((text) => ({ kind: "paragraph" as const, text })));
  }
}

// An all-capitals line of several words after the clauses is the signer's affirmation; titles in
// capitals come before any clause, so they stay paragraphs.
function isShouted(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, "");
  return letters.length >= 8 && line.includes(" ") && line === line.toUpperCase() && line !== line.toLowerCase();
}
