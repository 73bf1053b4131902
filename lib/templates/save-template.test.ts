import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { staffContext } from "@/lib/audit/audit-context";
import { sha256Hex } from "@/lib/crypto/hashing";
import { db } from "@/lib/db/client";
import { sqlAs } from "@/test/database-as";
import { refusal } from "@/test/agreement-fixtures";
import { saveTemplate } from "./save-template";
import { parseTemplatesFile } from "./templates-file";
import type { TemplateDefinition } from "./template-definition";

async function publisher(email: string) {
  const user = await db.user.create({ data: { email, role: "publisher" } });
  return staffContext(user, { ip: "203.0.113.9", userAgent: "vitest" });
}

type Form = TemplateDefinition & { mode: "create" | "edit" };
const form = (overrides: Partial<Form> = {}): Form => ({
  mode: "create",
  key: "workshop-form",
  name: "Workshop form",
  language: "en",
  signers: "corresponding_author",
  body: "# Workshop agreement\n\n1. You grant {{publisher}} the right to publish {{article_title}}.",
  notice: "© {{year}} {{authors}}.",
  choices: [],
  ...overrides,
});

describe("saving an agreement template", () => {
  it("stores version 1, then version n+1 on each edit, nothing when unchanged, each save an event naming the staff member", async () => {
    const context = await publisher("editor.one@example.org");
    const first = await saveTemplate(context, form({ key: "versions-form" }));
    expect(first).toEqual({ key: "versions-form", version: 1, changed: true });
    const second = await saveTemplate(
      context,
      form({ key: "versions-form", mode: "edit", body: "# Workshop agreement\n\n1. Changed for {{article_title}}." }),
    );
    expect(second).toEqual({ key: "versions-form", version: 2, changed: true });
    const again = await saveTemplate(
      context,
      form({ key: "versions-form", mode: "edit", body: "# Workshop agreement\n\n1. Changed for {{article_title}}." }),
    );
    expect(again).toEqual({ key: "versions-form", version: 2, changed: false });

    const versions = await db.templateVersion.findMany({
      where: { key: "versions-form" },
      orderBy: { version: "asc" },
    });
    expect(versions.map((version) => [version.version, version.createdById])).toEqual([
      [1, context.staffId],
      [2, context.staffId],
    ]);
    expect(versions[0].body).toContain("the right to publish");
    const events = await db.auditEvent.findMany({ where: { type: "template.saved" }, orderBy: { id: "asc" } });
    const mine = events.filter((event) => (event.data as { key: string }).key === "versions-form");
    expect(mine.map((event) => [event.actor, (event.data as { version: number }).version])).toEqual([
      ["staff:editor.one@example.org", 1],
      ["staff:editor.one@example.org", 2],
    ]);
  });

  it("refuses a template with problems, listing them with their lines, and stores nothing", async () => {
    const context = await publisher("editor.two@example.org");
    const answer = await refusal(saveTemplate(context, form({ key: "broken-form", body: "Title\n\n{{titel}}" })));
    expect(answer).toMatch(/^INVALID_INPUT: Line 3, column 1: \{\{titel\}\} is not a placeholder/);
    expect(await db.template.findUnique({ where: { key: "broken-form" } })).toBeNull();
    expect(await db.templateVersion.count({ where: { key: "broken-form" } })).toBe(0);
  });

  it("refuses a second template under a key already taken, and editing PMLR's built-in default", async () => {
    const context = await publisher("editor.three@example.org");
    await saveTemplate(context, form({ key: "taken-form" }));
    expect(await refusal(saveTemplate(context, form({ key: "taken-form" })))).toBe(
      "ALREADY_EXISTS: Another template already has this key.",
    );
    expect(await refusal(saveTemplate(context, form({ key: "pmlr-publication-agreement", mode: "edit" })))).toMatch(
      /^FORBIDDEN: PMLR's default agreement cannot be changed/,
    );
  });

  it("keeps stored versions immutable: the app's role may not update one, and not even the owner may", async () => {
    const context = await publisher("editor.four@example.org");
    await saveTemplate(context, form({ key: "immutable-form" }));
    await expect(
      db.$executeRaw`UPDATE "TemplateVersion" SET body = 'rewritten' WHERE key = 'immutable-form'`,
    ).rejects.toThrow(/permission denied/);
    await expect(db.$executeRaw`DELETE FROM "TemplateVersion" WHERE key = 'immutable-form'`).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      sqlAs("owner", `UPDATE "TemplateVersion" SET body = 'rewritten' WHERE key = 'immutable-form'`),
    ).rejects.toThrow(/template versions are immutable/);
    const [stored] = await db.templateVersion.findMany({ where: { key: "immutable-form" } });
    expect(stored.body).toBe(form().body);
  });

  it("finds the shipped IEEE/ACM-style sample installed by the migration, word for word", async () => {
    const [sample] = parseTemplatesFile(
      readFileSync("lib/templates/samples/rights-form.templates.yaml", "utf8"),
    ).definitions;
    const stored = await db.templateVersion.findUniqueOrThrow({
      where: { key_version: { key: "rights-form", version: 1 } },
      include: { template: true },
    });
    expect({
      key: stored.key,
      name: stored.template.name,
      language: stored.language,
      signers: stored.signers,
      body: stored.body,
      notice: stored.notice,
      choices: stored.choices,
    }).toEqual(sample);
    expect(stored.sha256).toBe(sha256Hex(sample.body));
  });
});
