import { isMap, isSeq, LineCounter, parseDocument, stringify, type Node } from "yaml";
import { z } from "zod";
import { SIGNER_RULES, templateChoicesSchema, type TemplateDefinition } from "./template-definition";
import { describePath } from "./choices-yaml";
import type { TemplateProblem } from "./template-problem";
import { validateTemplate } from "./validate-template";

// The one file that holds a publisher's templates (README "Agreement templates"): YAML or JSON
// (JSON is YAML too, so one reader gives line numbers for both). Pure: export, import and tests.

export const TEMPLATES_FILE_FORMAT = "imprimatur-templates/1";

const definitionSchema = z.object({
  key: z.string({ error: "needs a key" }),
  name: z.string({ error: "needs a name" }),
  language: z.string().default("en"),
  signers: z
    .enum(SIGNER_RULES, { error: "signers is corresponding_author or every_author" })
    .default("corresponding_author"),
  body: z.string({ error: "needs a body" }),
  notice: z.string().default(""),
  choices: templateChoicesSchema.default([]),
});

const fileSchema = z.object({
  format: z.literal(TEMPLATES_FILE_FORMAT, { error: `format must be ${TEMPLATES_FILE_FORMAT}` }),
  templates: z.array(z.unknown()),
});

/** One problem of an import, named by template (key, or its place in the file) and line. */
export type FileProblem = { template: string; line?: number; message: string };

export type ParsedTemplatesFile = { definitions: TemplateDefinition[]; problems: FileProblem[] };

export function parseTemplatesFile(text: string): ParsedTemplatesFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (path: (string | number)[]) => {
    for (let length = path.length; length >= 0; length--) {
      const node = doc.getIn(path.slice(0, length), true) as Node | undefined;
      if (node && typeof node === "object" && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  if (doc.errors.length > 0)
    return {
      definitions: [],
      problems: doc.errors.map((error) => ({
        template: "the file",
        line: lineCounter.linePos(error.pos[0]).line,
        message: `not valid YAML or JSON: ${error.message.split("\n")[0]}`,
      })),
    };
  const file = fileSchema.safeParse(doc.toJS());
  if (!file.success)
    return {
      definitions: [],
      problems: [
        {
          template: "the file",
          line: 1,
          message: `expected “format: ${TEMPLATES_FILE_FORMAT}” and a list “templates:” (see README “Agreement templates”).`,
        },
      ],
    };

  const definitions: TemplateDefinition[] = [];
  const problems: FileProblem[] = [];
  const seen = new Set<string>();
  file.data.templates.forEach((raw, index) => {
    const path = ["templates", index];
    const label = (key?: unknown) => (typeof key === "string" && key ? `“${key}”` : `number ${index + 1}`);
    const parsed = definitionSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({
          template: label((raw as { key?: unknown })?.key),
          line: lineOf([...path, ...(issue.path as (string | number)[])]),
          message: `${describeField(issue.path as (string | number)[])}: ${issue.message}`,
        });
      return;
    }
    const definition = parsed.data;
    if (seen.has(definition.key))
      problems.push({ template: label(definition.key), line: lineOf([...path, "key"]), message: "appears twice." });
    seen.add(definition.key);
    const locateChoice = (choicePath: readonly (string | number)[]) => lineOf([...path, "choices", ...choicePath]);
    for (const problem of validateTemplate(definition, { locateChoice })) {
      const start =
        problem.field === "choices" ? undefined : scalarFirstLine(doc, lineCounter, [...path, problem.field]);
      problems.push({
        template: label(definition.key),
        // A body's line N is line N of its block in the file; a choice problem already has its file line.
        line:
          problem.field === "choices"
            ? problem.line
            : start !== undefined
              ? start + (problem.line ?? 1) - 1
              : undefined,
        message:
          problem.field === "choices" ? problem.message : `${problem.field} ${fieldPlace(problem)}${problem.message}`,
      });
    }
    definitions.push(definition);
  });
  return { definitions, problems };
}

/** The templates as one file, bodies as literal blocks so that a diff in git reads line by line. */
export function formatTemplatesFile(definitions: TemplateDefinition[]): string {
  const header =
    "# Imprimatur agreement templates: each template's newest version. Import this file at\n" +
    "# Templates → Import; a version is added only where a template changed (README “Agreement templates”).\n";
  const templates = definitions.map(({ key, name, language, signers, body, notice, choices }) => ({
    key,
    name,
    language,
    signers,
    body,
    notice,
    choices,
  }));
  return header + stringify({ format: TEMPLATES_FILE_FORMAT, templates }, { lineWidth: 0, blockQuote: "literal" });
}

export function describeFileProblem(problem: FileProblem): string {
  return `Template ${problem.template}${problem.line === undefined ? "" : `, line ${problem.line}`}: ${problem.message}`;
}

function fieldPlace(problem: TemplateProblem): string {
  if (problem.line === undefined) return "— ";
  return `line ${problem.line}${problem.column === undefined ? "" : `, column ${problem.column}`}: `;
}

function describeField(path: (string | number)[]): string {
  if (path[0] === "choices") return describePath(path.slice(1));
  return path.length === 0 ? "the template" : String(path[0]);
}

/** The file line of a string field's first line of text (the line after "|" for a block). */
function scalarFirstLine(doc: ReturnType<typeof parseDocument>, lineCounter: LineCounter, path: (string | number)[]) {
  const node = doc.getIn(path, true) as (Node & { type?: string }) | undefined;
  if (!node?.range || isMap(node) || isSeq(node)) return undefined;
  const line = lineCounter.linePos(node.range[0]).line;
  return node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED" ? line + 1 : line;
}
