// Turns the plain agreement text into structure that both the signing page and the PDF lay out, so
// the two always number and group clauses the same way. Pure: no server-only, safe in components.

export type AgreementBlock =
  | { kind: "title"; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "clause"; number: string; text: string; subclauses: { number: string; text: string }[] }
  | { kind: "footnote"; marker: string; text: string }
  | { kind: "affirmation"; text: string }
  /** A {{choice:<key>}} line: where the clause of the author's answer goes. */
  | { kind: "choice"; key: string };

/** A line that is only {{choice:<key>}}. */
export const CHOICE_LINE = /^\{\{choice:([a-z][a-z0-9_]{0,39})\}\}$/;

type Clause = Extract<AgreementBlock, { kind: "clause" }>;

const NUMBERED_LINE = /^(\d{1,3})\.\s+(\S.*)$/;
const FOOTNOTE_LINE = /^([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*(\S.*)$/;

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
      blocks.push({ kind: "title", text: line });
      sawTitle = true;
      continue;
    }

    const numbered = NUMBERED_LINE.exec(line);
    if (numbered) {
      const [, number, body] = numbered;
      const nextSubclause = String((clauseAwaitingSubclauses?.subclauses.length ?? 0) + 1);
      if (clauseAwaitingSubclauses && number === nextSubclause) {
        clauseAwaitingSubclauses.subclauses.push({ number, text: body });
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
        blocks.push({ kind: "paragraph", text: line });
        continue;
      }
      const clause: Clause = { kind: "clause", number, text: body, subclauses: [] };
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
      blocks.push({ kind: "paragraph", text: line });
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
