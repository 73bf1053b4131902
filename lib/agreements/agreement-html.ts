// The agreement as HTML, built as one string. The signing page is the most-hit page at a deadline:
// rendered as React elements, its ~100 clause nodes went through the server-component pass, the
// flight payload and the HTML pass on every request; one escaped string costs microseconds.
// Pure (no server-only): the signing page and the staff page both show it through
// components/agreement-document.tsx.
import escapeHtml from "escape-html";
import type { AgreementBlock, InlineSpan } from "./agreement-blocks";

type Clause = Extract<AgreementBlock, { kind: "clause" }>;

const TAGS = { italic: "em", bold: "strong" } as const;

/** The line's text escaped, its emphasis (markup *…* and **…**) as <em> and <strong>. */
function inlineHtml(line: { text: string; spans?: InlineSpan[] }): string {
  if (!line.spans) return escapeHtml(line.text);
  return line.spans
    .map((span) =>
      span.style === "regular"
        ? escapeHtml(span.text)
        : `<${TAGS[span.style]}>${escapeHtml(span.text)}</${TAGS[span.style]}>`,
    )
    .join("");
}

/**
 * The blocks as the inside of the agreement's <article>: a title, paragraphs (those equal to one
 * of `emphasis`, with or without a closing full stop, in bold), runs of numbered clauses as ordered
 * lists with their sub-clauses, the footnote and the affirmation. Every piece of text is escaped.
 */
export function agreementHtml(blocks: AgreementBlock[], emphasis: string[] = []): string {
  let html = "";
  let clauses: Clause[] = [];
  const flushClauses = () => {
    if (clauses.length === 0) return;
    html += `<ol start="${Number(clauses[0].number) || 1}">${clauses.map(clauseHtml).join("")}</ol>`;
    clauses = [];
  };
  for (const block of blocks) {
    if (block.kind === "clause") {
      clauses.push(block);
      continue;
    }
    flushClauses();
    if (block.kind === "choice") {
      html += `<p class="choice-placeholder">[The author’s answer to “${escapeHtml(block.key)}” goes here.]</p>`;
      continue;
    }
    const text = escapeHtml(block.text);
    if (block.kind === "title") html += `<h2>${inlineHtml(block)}</h2>`;
    if (block.kind === "heading") html += `<h3>${inlineHtml(block)}</h3>`;
    if (block.kind === "paragraph") {
      const emphasised = emphasis.some((value) => block.text === value || block.text === `${value}.`);
      html += `<p>${emphasised ? `<strong>${text}</strong>` : inlineHtml(block)}</p>`;
    }
    if (block.kind === "footnote") html += `<p class="footnote">${escapeHtml(block.marker)} ${text}</p>`;
    if (block.kind === "affirmation") html += `<p class="affirmation">${text}</p>`;
  }
  flushClauses();
  return html;
}

function clauseHtml(clause: Clause): string {
  const subclauses = clause.subclauses.map((sub) => `<li${valueAttribute(sub.number)}>${inlineHtml(sub)}</li>`);
  const list = subclauses.length > 0 ? `<ol>${subclauses.join("")}</ol>` : "";
  return `<li${valueAttribute(clause.number)}>${inlineHtml(clause)}${list}</li>`;
}

const valueAttribute = (number: string) => (Number(number) ? ` value="${Number(number)}"` : "");
