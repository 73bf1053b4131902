import { diffLines, type ChangeObject } from "diff";
import { choicesToYaml } from "./choices-yaml";
import type { TemplateChoice } from "./template-definition";

// What changed between two versions of a template, line by line, per part. Pure: the staff
// page renders it.

type Comparable = { body: string; notice: string; signers: string; language: string; choices: TemplateChoice[] };

export type DiffSection = { title: string; changed: boolean; parts: ChangeObject<string>[] };

export function diffTemplateVersions(from: Comparable, to: Comparable): DiffSection[] {
  const section = (title: string, before: string, after: string): DiffSection => {
    const parts = diffLines(withNewline(before), withNewline(after));
    return { title, changed: parts.some((part) => part.added || part.removed), parts };
  };
  return [
    section("Body", from.body, to.body),
    section("Notice", from.notice, to.notice),
    section("Choices", choicesToYaml(from.choices), choicesToYaml(to.choices)),
    section(
      "Who signs and language",
      `signers: ${from.signers}\nlanguage: ${from.language}`,
      `signers: ${to.signers}\nlanguage: ${to.language}`,
    ),
  ];
}

// Without a final newline, a changed last line would read as joined to the line after it.
const withNewline = (text: string) => (text === "" || text.endsWith("\n") ? text : `${text}\n`);
