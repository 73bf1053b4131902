// Emphasis inside one line of agreement markup: *italic* and **bold**. Pure: the parser
// (agreement-blocks.ts) uses it leniently, the template validator strictly.
//
// An asterisk opens emphasis only when a non-space follows it and no letter or digit precedes it,
// and closes it only when a non-space precedes it and no letter or digit follows it. So the
// asterisks of plain text ("A* search", "*-algebras", "5 * 3", "Q*-learning") stay text, and text
// issued before the markup existed reads as it did.

export type InlineStyle = "regular" | "bold" | "italic";
export type InlineSpan = { text: string; style: InlineStyle };

export type InlineParse = {
  spans: InlineSpan[];
  /** The line without its emphasis markers. */
  plain: string;
  /** 0-based columns of markers that open emphasis but are never closed. */
  unclosed: number[];
};

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

export function parseInline(line: string): InlineParse {
  const spans: InlineSpan[] = [];
  const unclosed: number[] = [];
  let text = "";
  let index = 0;
  const push = (value: string, style: InlineStyle) => {
    if (value === "") return;
    const last = spans.at(-1);
    if (last && last.style === style) last.text += value;
    else spans.push({ text: value, style });
  };
  while (index < line.length) {
    if (line[index] !== "*") {
      text += line[index];
      index += 1;
      continue;
    }
    const marker = line.startsWith("**", index) ? "**" : "*";
    const close = opens(line, index, marker.length) ? closingAt(line, index + marker.length, marker) : -2;
    if (close < 0) {
      if (close === -1) unclosed.push(index);
      text += marker;
      index += marker.length;
      continue;
    }
    push(text, "regular");
    text = "";
    push(line.slice(index + marker.length, close), marker === "**" ? "bold" : "italic");
    index = close + marker.length;
  }
  push(text, "regular");
  return { spans, plain: spans.map((span) => span.text).join(""), unclosed };
}

function opens(line: string, at: number, length = 1): boolean {
  const before = line[at - 1];
  const after = line[at + length];
  return after !== undefined && !SPACE.test(after) && after !== "*" && (before === undefined || !WORD.test(before));
}

function closingAt(line: string, from: number, marker: string): number {
  for (let at = line.indexOf(marker, from + 1); at !== -1; at = line.indexOf(marker, at + 1)) {
    const before = line[at - 1];
    const after = line[at + marker.length];
    const partOfLonger = marker === "*" && (after === "*" || before === "*");
    if (!partOfLonger && !SPACE.test(before) && (after === undefined || !WORD.test(after))) return at;
  }
  return -1;
}
