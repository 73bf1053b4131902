import { parseInline } from "@/lib/agreements/agreement-inline";
import { describePath, type ChoicesLocator } from "./choices-yaml";
import {
  LEGACY_PLACEHOLDERS,
  PLACEHOLDER_NAMES,
  SIGNER_RULES,
  type TemplateChoice,
  type TemplateDefinition,
} from "./template-definition";
import type { TemplateProblem } from "./template-problem";

// What saving and importing a template check before anything is stored. Pure, and it reports
// every problem at once, each with its line (and column where it helps), so a person fixes them
// in one pass. README "Agreement templates" documents the markup these checks enforce.

const KNOWN = new Set<string>([...PLACEHOLDER_NAMES, ...Object.keys(LEGACY_PLACEHOLDERS)]);
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const CHOICE = /^choice:(.*)$/;
const KEY = /^[a-z][a-z0-9-]{1,59}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const KNOWN_LIST = PLACEHOLDER_NAMES.map((name) => `{{${name}}}`).join(", ");

type Where = "body" | "notice" | "option";

export function validateTemplate(
  definition: TemplateDefinition,
  options: { locateChoice?: ChoicesLocator } = {},
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (!KEY.test(definition.key))
    problems.push({
      field: "key",
      message: "The key is 2–60 lower-case letters, digits and dashes, starting with a letter (e.g. ieee-style).",
    });
  if (definition.name.trim() === "") problems.push({ field: "name", message: "Give the template a name." });
  if (definition.name.length > 200) problems.push({ field: "name", message: "The name is at most 200 characters." });
  if (!LANGUAGE.test(definition.language))
    problems.push({ field: "language", message: "The language is a language tag such as en, de or pt-BR." });
  if (!SIGNER_RULES.includes(definition.signers))
    problems.push({ field: "signers", message: "Say who signs: the corresponding author or every author." });

  const declared = choiceProblems(definition.choices, problems, options.locateChoice);
  if (definition.body.trim() === "")
    problems.push({ field: "body", line: 1, message: "The body is empty: write the agreement text." });
  else problems.push(...textProblems(definition.body, "body", declared));
  problems.push(...textProblems(definition.notice, "notice", declared));
  definition.choices.forEach((choice, choiceIndex) =>
    choice.options.forEach((option, optionIndex) => {
      const path = [choiceIndex, "options", optionIndex];
      const line = options.locateChoice?.([...path, "clause"]);
      for (const problem of textProblems(option.clause, "option", declared))
        problems.push({ field: "choices", line, message: `${describePath([...path, "clause"])}: ${problem.message}` });
      for (const problem of textProblems(option.notice, "option", declared))
        problems.push({
          field: "choices",
          line: options.locateChoice?.([...path, "notice"]),
          message: `${describePath([...path, "notice"])}: ${problem.message}`,
        });
    }),
  );
  return problems;
}

function choiceProblems(choices: TemplateChoice[], problems: TemplateProblem[], locate?: ChoicesLocator) {
  const declared = new Set<string>();
  choices.forEach((choice, index) => {
    if (declared.has(choice.key))
      problems.push({
        field: "choices",
        line: locate?.([index, "key"]),
        message: `The choice key “${choice.key}” is declared twice: give each choice its own key.`,
      });
    declared.add(choice.key);
    const values = new Set<string>();
    choice.options.forEach((option, optionIndex) => {
      if (values.has(option.value))
        problems.push({
          field: "choices",
          line: locate?.([index, "options", optionIndex, "value"]),
          message: `Choice “${choice.key}” has the option value “${option.value}” twice.`,
        });
      values.add(option.value);
    });
  });
  return declared;
}

/** Placeholders, {{choice:…}} lines and emphasis of one text, line by line. */
function textProblems(text: string, where: Where, declared: Set<string>): TemplateProblem[] {
  const field = where === "notice" ? "notice" : "body";
  const problems: TemplateProblem[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    const at = (column: number, message: string) => problems.push({ field, line: index + 1, column, message });
    for (const match of line.matchAll(PLACEHOLDER)) {
      const column = match.index + 1;
      // Issuing fills {{article_title}} exactly as written and a choice line is {{choice:key}}
      // alone: with spaces inside the braces, either would be left in the agreement unfilled.
      const name = match[1].replace(/\s+/g, "");
      if (name !== match[1]) {
        at(column, `{{${match[1]}}} has spaces inside its braces: write {{${name}}}.`);
        continue;
      }
      const choice = CHOICE.exec(name);
      if (!choice) {
        if (!KNOWN.has(name)) at(column, `{{${match[1]}}} is not a placeholder. The placeholders are ${KNOWN_LIST}.`);
        continue;
      }
      const key = choice[1];
      if (where === "option") at(column, `an option's text cannot hold a choice ({{choice:${key}}}).`);
      else if (!declared.has(key))
        at(
          column,
          `{{choice:${key}}} names no declared choice` +
            (declared.size > 0 ? ` (declared: ${[...declared].join(", ")}).` : "; this template declares none."),
        );
      if (where === "body" && line.trim() !== match[0])
        at(column, `{{choice:${key}}} must stand alone on its own line: the chosen option's clause goes there.`);
    }
    const rest = line.replace(PLACEHOLDER, (match) => " ".repeat(match.length));
    const open = rest.indexOf("{{");
    if (open !== -1) at(open + 1, "“{{” is never closed: a placeholder ends with “}}”, e.g. {{article_title}}.");
    const close = rest.indexOf("}}");
    if (close !== -1 && (open === -1 || close < open))
      at(close + 1, "“}}” closes no placeholder: a placeholder starts with “{{”.");
    for (const column of parseInline(rest).unclosed)
      at(
        column + 1,
        `emphasis opened with “${rest.startsWith("**", column) ? "**" : "*"}” is never closed on this line ` +
          "(write *italic* or **bold**; an asterisk next to a space stays an asterisk).",
      );
  });
  return problems;
}
