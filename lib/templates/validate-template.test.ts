import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseChoicesYaml } from "./choices-yaml";
import { readTemplateForm } from "./template-form-input";
import { parseTemplatesFile } from "./templates-file";
import { describeProblem } from "./template-problem";
import { validateTemplate } from "./validate-template";
import type { TemplateDefinition } from "./template-definition";

const LICENCE_YAML = `- key: licence
  question: Which licence?
  options:
    - value: cc-by
      label: CC BY 4.0
      clause: You grant a *CC BY 4.0* licence.
      notice: CC BY 4.0.
    - value: exclusive
      label: Exclusive licence
      clause: You grant {{publisher}} an exclusive licence.
      notice: Licensed to {{publisher}}.
`;

const definition = (overrides: Partial<TemplateDefinition> = {}): TemplateDefinition => ({
  key: "workshop-form",
  name: "Workshop form",
  language: "en",
  signers: "corresponding_author",
  body: "# Agreement\n\n1. About {{article_title}}.",
  notice: "© {{year}} {{authors}}.",
  choices: [],
  ...overrides,
});

const messages = (overrides: Partial<TemplateDefinition>) =>
  validateTemplate(definition(overrides)).map(describeProblem);

describe("validating a template", () => {
  it("accepts PMLR's default body and the shipped IEEE/ACM-style sample", () => {
    const pmlr = readFileSync("lib/agreements/templates/pmlr-publication-agreement.template.txt", "utf8");
    expect(validateTemplate(definition({ body: pmlr }))).toEqual([]);
    const choices = parseChoicesYaml(LICENCE_YAML).choices;
    expect(validateTemplate(definition({ body: "Title\n\n{{choice:licence}}", choices }))).toEqual([]);
    const sample = parseTemplatesFile(readFileSync("lib/templates/samples/rights-form.templates.yaml", "utf8"));
    expect(sample.problems).toEqual([]);
    expect(sample.definitions.map((template) => template.choices.map((choice) => choice.key))).toEqual([
      ["licence", "work_status", "third_party"],
    ]);
  });

  it("refuses an empty body on line 1", () => {
    expect(messages({ body: " \n\n  " })).toEqual(["Line 1: The body is empty: write the agreement text."]);
  });

  it("refuses an unknown placeholder with its line and column and names the known ones", () => {
    const [problem] = validateTemplate(definition({ body: "Title\n\nWritten by {{author}}." }));
    expect(problem).toMatchObject({ field: "body", line: 3, column: 12 });
    expect(describeProblem(problem)).toMatch(
      /^Line 3, column 12: \{\{author\}\} is not a placeholder\. The placeholders are \{\{article_title\}\}, \{\{authors\}\}/,
    );
  });

  it("refuses spaces inside the braces, which issuing would leave unfilled", () => {
    const choices = parseChoicesYaml(LICENCE_YAML).choices;
    const found = messages({ body: "# Agreement\n\nAbout {{ article_title }}.\n\n{{ choice:licence }}", choices });
    expect(found).toEqual([
      expect.stringMatching(/^Line 3, column 7: .*write \{\{article_title\}\}\.$/),
      expect.stringMatching(/^Line 5, column 1: .*write \{\{choice:licence\}\}\.$/),
    ]);
  });

  it("refuses an unclosed placeholder and a stray closing brace", () => {
    expect(messages({ body: "Title\n1. For {{article_title.\n2. Done }} here." })).toEqual([
      "Line 2, column 8: “{{” is never closed: a placeholder ends with “}}”, e.g. {{article_title}}.",
      "Line 3, column 9: “}}” closes no placeholder: a placeholder starts with “{{”.",
    ]);
  });

  it("refuses emphasis that is never closed on its line, but not asterisks of plain text", () => {
    expect(messages({ body: "Title\n\nThe *licence is granted.\nA** bold start\nA* search, 5 * 3." })).toEqual([
      "Line 3, column 5: emphasis opened with “*” is never closed on this line " +
        "(write *italic* or **bold**; an asterisk next to a space stays an asterisk).",
    ]);
    expect(messages({ body: "Title\n\nSee **this" })[0]).toMatch(/^Line 3, column 5: emphasis opened with “\*\*”/);
  });

  it("refuses a choice line with no declared choice, and one that does not stand alone", () => {
    expect(messages({ body: "Title\n\n{{choice:licence}}" })).toEqual([
      "Line 3, column 1: {{choice:licence}} names no declared choice; this template declares none.",
    ]);
    const choices = parseChoicesYaml(LICENCE_YAML).choices;
    expect(messages({ body: "Title\n\n{{choice:licnce}}\nYou pick {{choice:licence}} here.", choices })).toEqual([
      "Line 3, column 1: {{choice:licnce}} names no declared choice (declared: licence).",
      "Line 4, column 10: {{choice:licence}} must stand alone on its own line: the chosen option's clause goes there.",
    ]);
  });

  it("refuses a choice key declared twice, on the line of the second declaration", () => {
    const yaml = `${LICENCE_YAML}${LICENCE_YAML}`;
    const form = readTemplateForm({
      key: "workshop-form",
      name: "Workshop",
      language: "en",
      signers: "corresponding_author",
      body: "Title\n\n{{choice:licence}}",
      notice: "",
      choices: yaml,
    });
    expect(form.problems.map(describeProblem)).toEqual([
      "Line 12: The choice key “licence” is declared twice: give each choice its own key.",
    ]);
  });

  it("lists every problem of the body, the notice and the choices at once", () => {
    const form = readTemplateForm({
      key: "Bad Key",
      name: "",
      language: "english",
      signers: "corresponding_author",
      body: "Title\n\n{{titel}}\n\n*open",
      notice: "© {{year}} {{choice:status}}",
      choices: LICENCE_YAML.replace("label: CC BY 4.0", 'label: ""').replace(
        "You grant {{publisher}}",
        "You {{grant}}",
      ),
    });
    // The choices do not fit their schema, yet the body, the notice and the fields are checked too.
    expect(form.problems.map((problem) => [problem.field, problem.line])).toEqual([
      ["choices", 5],
      ["key", undefined],
      ["name", undefined],
      ["language", undefined],
      ["body", 3],
      ["body", 5],
      ["notice", 1],
    ]);
    const fixedLabel = readTemplateForm({
      key: "Bad Key",
      name: "",
      language: "english",
      signers: "corresponding_author",
      body: "Title\n\n{{titel}}\n\n*open",
      notice: "© {{year}} {{choice:status}}",
      choices: LICENCE_YAML.replace("You grant {{publisher}}", "You {{grant}}"),
    });
    expect(fixedLabel.problems.map((problem) => [problem.field, problem.line, problem.column])).toEqual([
      ["key", undefined, undefined],
      ["name", undefined, undefined],
      ["language", undefined, undefined],
      ["body", 3, 1],
      ["body", 5, 1],
      ["notice", 1, 12],
      ["choices", 10, undefined],
    ]);
    expect(describeProblem(fixedLabel.problems.at(-1)!)).toMatch(
      /^Line 10: choice 1, option 2, clause: \{\{grant\}\} is not a placeholder/,
    );
  });

  it("names the YAML line of a choices problem and of a YAML syntax error", () => {
    const missingOptions = parseChoicesYaml("- key: licence\n  question: Which?\n");
    expect(missingOptions.problems.map(describeProblem)).toEqual([
      "Line 1: choice 1, options: expected array, received undefined",
    ]);
    const bad = parseChoicesYaml("- key: licence\n  question: [Which?\n");
    expect(bad.problems[0]).toMatchObject({ field: "choices", line: 3 });
    expect(bad.problems[0].message).toMatch(/^The choices are not valid YAML/);
  });
});
