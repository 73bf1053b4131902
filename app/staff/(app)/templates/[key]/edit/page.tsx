import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TemplateForm } from "@/components/template-form";
import { TemplateMarkupHelp } from "@/components/template-markup-help";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { CHOICES_YAML_EXAMPLE, choicesToYaml } from "@/lib/templates/choices-yaml";
import { getTemplate } from "@/lib/templates/get-template";
import { saveTemplateAction } from "../../actions";

export const metadata: Metadata = { title: "Edit agreement template" };

export default async function EditTemplatePage({ params }: { params: Promise<{ key: string }> }) {
  await requireStaffPage("templates.manage");
  const { key } = await params;
  const template = await getTemplate(key);
  if (!template) notFound();
  if (template.builtIn)
    return (
      <>
        <h1>{template.name}</h1>
        <p className="notice">
          PMLR&apos;s default agreement stays word for word, so it cannot be edited.{" "}
          <Link href={`/staff/templates/new?from=${template.key}`}>Make a copy</Link> and edit that.
        </p>
      </>
    );
  const newest = template.versions[0];
  const initial = {
    key: template.key,
    name: template.name,
    signers: newest.signers,
    language: newest.language,
    body: newest.body,
    notice: newest.notice,
    choices: choicesToYaml(newest.choices),
  };
  return (
    <>
      <h1>Edit {template.name}</h1>
      <p>
        Saving stores version {newest.version + 1}; version {newest.version} and the agreements issued on it stay as
        they are. <Link href={`/staff/templates/${template.key}`}>Back to the template</Link>
      </p>
      <TemplateForm
        action={saveTemplateAction.bind(null, "edit", template.key)}
        initial={initial}
        keyEditable={false}
        submitLabel={`Save as version ${newest.version + 1}`}
        choicesExample={CHOICES_YAML_EXAMPLE}
        markupHelp={<TemplateMarkupHelp />}
      />
    </>
  );
}
