import { SIGNER_RULES, type SignerRule, type TemplateDefinition } from "./template-definition";
import { parseChoicesYaml } from "./choices-yaml";
import { validateTemplate } from "./validate-template";
import { describeProblem, type TemplateProblem } from "./template-problem";

// The staff form's fields as typed, turned into a definition and every problem with it. Pure:
// the save action and the live preview read the form the same way.

export const TEMPLATE_FIELDS = ["key", "name", "language", "signers", "body", "notice", "choices"] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

export function readTemplateForm(values: Record<TemplateField, string>): {
  definition: TemplateDefinition;
  problems: TemplateProblem[];
} {
  const choices = parseChoicesYaml(values.choices);
  const signers = (SIGNER_RULES as readonly string[]).includes(values.signers)
    ? (values.signers as SignerRule)
    : ("" as SignerRule);
  const definition: TemplateDefinition = {
    key: values.key.trim(),
    name: values.name.normalize("NFC").trim(),
    language: values.language.trim() || "en",
    signers,
    // Line endings as the browser sends them (CRLF) would change the text's SHA-256 for nothing.
    body: values.body.replace(/\r\n?/g, "\n").replace(/\s+$/, ""),
    notice: values.notice.replace(/\r\n?/g, "\n").trim(),
    choices: choices.choices,
  };
  const problems = [...choices.problems, ...validateTemplate(definition, { locateChoice: choices.locate })];
  return { definition, problems };
}

/** Every problem of a field, one per line, in the order of the text. */
export function problemsByField(problems: TemplateProblem[]): Partial<Record<TemplateField, string>> {
  const byField: Partial<Record<TemplateField, string>> = {};
  const ordered = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  for (const problem of ordered)
    byField[problem.field] = [byField[problem.field], describeProblem(problem)].filter(Boolean).join("\n");
  return byField;
}
