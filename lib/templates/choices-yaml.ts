import { isMap, isSeq, LineCounter, parseDocument, stringify, type Document, type Node } from "yaml";
import { templateChoicesSchema, type TemplateChoice } from "./template-definition";
import type { TemplateProblem } from "./template-problem";

// The author's choices as staff edit them: YAML, checked against templateChoicesSchema with the
// line of every problem. Pure: the form, the import and the tests share it.

export const CHOICES_YAML_EXAMPLE = `- key: licence
  question: Under which licence will the article be published?
  options:
    - value: cc-by-4.0
      label: Creative Commons Attribution 4.0 (CC BY 4.0)
      clause: You grant the public a *Creative Commons Attribution 4.0 International* licence.
      notice: Published under a Creative Commons Attribution 4.0 International licence.
    - value: exclusive
      label: Exclusive licence to publish
      clause: You grant {{publisher}} an exclusive licence to publish the article.
      notice: Published by {{publisher}} under an exclusive licence to publish.
      detail: { label: Anything the publisher should know, maxLength: 200 }
`;

/** Where each part of the parsed YAML is, so later checks (the validator's) can name its line. */
export type ChoicesLocator = (path: readonly (string | number)[]) => number | undefined;

export type ParsedChoices = { choices: TemplateChoice[]; problems: TemplateProblem[]; locate: ChoicesLocator };

export function parseChoicesYaml(text: string): ParsedChoices {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = locator(doc, lineCounter);
  if (doc.errors.length > 0)
    return {
      choices: [],
      locate,
      problems: doc.errors.map((error) => ({
        field: "choices",
        line: lineCounter.linePos(error.pos[0]).line,
        column: lineCounter.linePos(error.pos[0]).col,
        message: `The choices are not valid YAML: ${firstSentence(error.message)}`,
      })),
    };
  const value: unknown = doc.toJS() ?? [];
  const parsed = templateChoicesSchema.safeParse(value);
  if (parsed.success) return { choices: parsed.data, problems: [], locate };
  return {
    choices: [],
    locate,
    problems: parsed.error.issues.map((issue) => ({
      field: "choices",
      line: locate(issue.path as (string | number)[]),
      message: `${describePath(issue.path as (string | number)[])}: ${issueMessage(issue)}`,
    })),
  };
}

/** The choices as the YAML the form shows (the example's shape). */
export function choicesToYaml(choices: TemplateChoice[]): string {
  return choices.length === 0 ? "" : stringify(choices, { lineWidth: 0 });
}

/** "choice 1 (licence), option 2, label": a path into the choices as a person reads it. */
export function describePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "The choices";
  const parts: string[] = [];
  for (let index = 0; index < path.length; index++) {
    const part = path[index];
    const parent = path[index - 1];
    if (typeof part === "number") parts.push(`${parent === "options" ? "option" : "choice"} ${part + 1}`);
    else if (part !== "options" || index === path.length - 1) parts.push(part);
  }
  return parts.join(", ");
}

function locator(doc: Document, lineCounter: LineCounter): ChoicesLocator {
  return (path) => {
    // The deepest node that exists along the path: a missing field is reported on its parent.
    for (let length = path.length; length >= 0; length--) {
      const node = doc.getIn(path.slice(0, length), true) as Node | undefined;
      if (node && typeof node === "object" && "range" in node && node.range)
        return lineCounter.linePos(node.range[0]).line;
      if (length === 0 && (isSeq(doc.contents) || isMap(doc.contents)) && doc.contents.range)
        return lineCounter.linePos(doc.contents.range[0]).line;
    }
    return undefined;
  };
}

function issueMessage(issue: { code: string; message: string; origin?: string; minimum?: unknown }): string {
  if (issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1) return "must not be empty";
  if (issue.code === "too_small" && issue.origin === "array") return `needs at least ${String(issue.minimum)}`;
  if (issue.code === "invalid_type") return issue.message.replace(/^Invalid input: expected/, "expected");
  return issue.message;
}

function firstSentence(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}
