import { describe, expect, it } from "vitest";
import { staffContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { previewImport, startIssuingImport } from "@/lib/proceedings/bulk-import";
import { saveProceedings } from "@/lib/proceedings/save-proceedings";
import { taskList } from "@/lib/worker/task-list";
import { issueTestAgreement, refusal } from "@/test/agreement-fixtures";
import { runQueuedJobs } from "@/test/run-queued-jobs";
import { saveTemplate } from "./save-template";
import { volumeTemplateLabel } from "./volume-template";

const VOLUME = "Proceedings of the Template Volume Workshop";
const volumeFields = {
  shortName: null,
  publisherName: "Workshop Press",
  deadline: null,
  linkExpiryDays: 30,
  reminderDays: [],
};
const csv = (ids: string[]) =>
  new TextEncoder().encode(
    ["paper_id,title,corresponding_author,corresponding_email,authors"]
      .concat(ids.map((id) => `${id},CSV paper ${id},Ada Lovelace,ada.${id}@example.org,Ada Lovelace; Bo Chen`))
      .join("\n"),
  );

describe("a volume's template", () => {
  it("issues by form and by CSV on the newest version of the volume's template; agreements keep theirs", async () => {
    const user = await db.user.create({ data: { email: "volumes@example.org", role: "publisher" } });
    const context = staffContext(user, { ip: "203.0.113.11", userAgent: "vitest" });
    const template = {
      key: "volume-form",
      name: "Volume form",
      language: "en",
      signers: "corresponding_author" as const,
      notice: "",
      choices: [],
    };
    await saveTemplate(context, {
      ...template,
      mode: "create",
      body: "# Volume form v1\n\n1. {{article_title}} in {{proceedings}} by {{publisher}}.",
    });
    const volume = await saveProceedings(context, { ...volumeFields, name: VOLUME, templateKey: "volume-form" });
    expect((await volumeTemplateLabel(volume)).label).toBe("Volume form, version 1");

    const byForm = await issueTestAgreement({ proceedings: VOLUME, articleTitle: "Form paper" });
    const { importId } = await previewImport(context, {
      proceedingsId: volume.id,
      fileName: "papers.csv",
      bytes: csv(["c1"]),
    });
    await startIssuingImport(context, { importId });
    await runQueuedJobs({ issue_import: taskList.issue_import });
    const byCsv = await db.agreement.findFirstOrThrow({ where: { proceedingsId: volume.id, paperId: "c1" } });
    const v1 = await db.templateVersion.findUniqueOrThrow({
      where: { key_version: { key: "volume-form", version: 1 } },
    });
    expect(byForm.agreement.templateVersionId).toBe(v1.id);
    expect(byForm.agreement.text).toBe(`# Volume form v1\n\n1. Form paper in ${VOLUME} by Workshop Press.`);
    expect(byCsv.templateVersionId).toBe(v1.id);
    expect(byCsv.text).toBe(`# Volume form v1\n\n1. CSV paper c1 in ${VOLUME} by Workshop Press.`);

    await saveTemplate(context, { ...template, mode: "edit", body: "# Volume form v2\n\n1. {{article_title}}." });
    expect((await volumeTemplateLabel(volume)).label).toBe("Volume form, version 2");
    const later = await issueTestAgreement({ proceedings: VOLUME, articleTitle: "Later paper" });
    const v2 = await db.templateVersion.findUniqueOrThrow({
      where: { key_version: { key: "volume-form", version: 2 } },
    });
    expect(later.agreement.templateVersionId).toBe(v2.id);
    expect(later.agreement.text).toBe("# Volume form v2\n\n1. Later paper.");
    const kept = await db.agreement.findUniqueOrThrow({ where: { id: byForm.agreement.id } });
    expect([kept.templateVersionId, kept.text]).toEqual([v1.id, byForm.agreement.text]);

    // Back to the default: PMLR's agreement, word for word.
    await saveProceedings(context, { ...volumeFields, id: volume.id, name: VOLUME, templateKey: null });
    expect((await volumeTemplateLabel({ templateKey: null })).label).toBe(
      "PMLR publication agreement, version 1 (the default)",
    );
    const pmlr = await issueTestAgreement({ proceedings: VOLUME, articleTitle: "Default paper" });
    expect(pmlr.agreement.text).toContain("Default paper.\n\n(“the article”) to be published in Workshop Press");
  });

  it("refuses a template that does not exist, next to the template field", async () => {
    const answer = await refusal(
      saveProceedings(staffContext({ id: "x", email: "x@example.org" }, { ip: null, userAgent: null }), {
        ...volumeFields,
        name: "A volume with a missing template",
        templateKey: "no-such-template",
      }),
    );
    expect(answer).toBe("NOT_FOUND: There is no such template.");
    expect(await db.proceedings.findUnique({ where: { name: "A volume with a missing template" } })).toBeNull();
  });
});
