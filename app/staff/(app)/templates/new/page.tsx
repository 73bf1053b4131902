import type { Metadata } from "next";
import { TemplateForm } from "@/components/template-form";
import { TemplateMarkupHelp } from "@/components/template-markup-help";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { CHOICES_YAML_EXAMPLE, choicesToYaml } from "@/lib/templates/choices-yaml";
import { getTemplate } from "@/lib/templates/get-template";
import { saveTemplateAction } from "../actions";

export const metadata: Metadata = { title: "New agreement template" };

export default async function NewTemplatePage({ searchParams }: { searchParams: Promise<{ from?: string }> }) {
  await requireStaffPage("templates.manage");
  const { from } = await searchParams;
  const source = typeof from === "string" ? await getTemplate(from) : null;
  const newest = source?.versions[0];
  const initial = newest
    ? {
        name: `Copy of ${source.name}`,
        signers: newest.signers,
        language: newest.language,
        body: newest.body,
        notice: newest.notice,
        choices: choicesToYaml(newest.choices),
      }
    : { signers: "corresponding_author", language: "en" };
  return (
    <>
      <h1>New agreement template</h1>
      <TemplateForm
        action={saveTemplateAction.bind(null, "create", null)}
        initial={initial}
        keyEditable
        submitLabel="Create template"
        choicesExample={CHOICES_YAML_EXAMPLE}
        markupHelp={<TemplateMarkupHelp />}
      />
    </>
  );
}
