import { describe, expect, it } from "vitest";
import { staffContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { exportTemplates } from "./export-templates";
import { importTemplates } from "./import-templates";
import { saveTemplate } from "./save-template";
import { describeFileProblem, parseTemplatesFile } from "./templates-file";

async function admin(email: string) {
  const user = await db.user.create({ data: { email, role: "admin" } });
  return staffContext(user, { ip: "203.0.113.10", userAgent: "vitest" });
}

const countVersions = () => db.templateVersion.count();

describe("exporting and importing templates as one file", () => {
  it("re-importing the file just exported stores no new version; a changed template gets exactly one", async () => {
    const context = await admin("porter@example.org");
    await saveTemplate(context, {
      mode: "create",
      key: "round-trip",
      name: "Round trip",
      language: "de",
      signers: "every_author",
      body: "# Vereinbarung\n\n 1. Für {{article_title}}: *alle* Rechte.\n 2. Ende.",
      notice: "© {{year}} {{authors}}. {{choice:licence}}",
      choices: parseTemplatesFile(await exportTemplates())
        .definitions.find((t) => t.key === "rights-form")!
        .choices.slice(0, 1),
    });
    const file = await exportTemplates();
    expect(file).toMatch(/^# Imprimatur agreement templates/);
    expect(parseTemplatesFile(file).definitions.map((template) => template.key)).toEqual(["rights-form", "round-trip"]);

    const before = await countVersions();
    expect(await importTemplates(context, file)).toEqual({
      ok: true,
      added: [],
      unchanged: ["rights-form", "round-trip"],
    });
    expect(await countVersions()).toBe(before);

    const changed = file.replace("2. Ende.", "2. Ende der Vereinbarung.");
    expect(await importTemplates(context, changed)).toEqual({
      ok: true,
      added: [{ key: "round-trip", version: 2 }],
      unchanged: ["rights-form"],
    });
    expect(await countVersions()).toBe(before + 1);
    const newest = await db.templateVersion.findUniqueOrThrow({
      where: { key_version: { key: "round-trip", version: 2 } },
    });
    expect(newest.body).toBe("# Vereinbarung\n\n 1. Für {{article_title}}: *alle* Rechte.\n 2. Ende der Vereinbarung.");
    expect(newest.signers).toBe("every_author");
  });

  it("stores nothing when any template in the file is invalid, listing each problem by template and line", async () => {
    const context = await admin("porter.two@example.org");
    const file = `format: imprimatur-templates/1
templates:
  - key: fine-template
    name: Fine
    body: |-
      Fine agreement
      1. For {{article_title}}.
  - key: broken-template
    name: Broken
    body: |-
      Broken agreement

      Written by {{author}} and *never closed
    notice: "{{choice:licence}}"
`;
    const before = await countVersions();
    const outcome = await importTemplates(context, file);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map(describeFileProblem)).toEqual([
      expect.stringMatching(
        /^Template “broken-template”, line 13: body line 3, column 12: \{\{author\}\} is not a placeholder/,
      ),
      expect.stringMatching(/^Template “broken-template”, line 13: body line 3, column 27: emphasis opened with “\*”/),
      "Template “broken-template”, line 14: notice line 1, column 1: {{choice:licence}} names no declared choice; this template declares none.",
    ]);
    expect(await countVersions()).toBe(before);
    expect(await db.template.findUnique({ where: { key: "fine-template" } })).toBeNull();
  });

  it("reads JSON as well, and refuses a file that is not a templates file", async () => {
    const context = await admin("porter.three@example.org");
    const json = JSON.stringify({
      format: "imprimatur-templates/1",
      templates: [{ key: "json-template", name: "From JSON", body: "JSON agreement\n1. For {{article_title}}." }],
    });
    expect(await importTemplates(context, json)).toEqual({
      ok: true,
      added: [{ key: "json-template", version: 1 }],
      unchanged: [],
    });
    const wrong = await importTemplates(context, "paper_id,title\n1,A");
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.problems[0].message).toMatch(/^expected “format: imprimatur-templates\/1”/);
  });
});
