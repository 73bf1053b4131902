"use server";

import { redirect } from "next/navigation";
import { requireStaff } from "@/lib/auth/require-staff";
import { formFailure } from "@/lib/forms/form-failure";
import { formValues, type FormState } from "@/lib/forms/form-state";
import { importTemplates } from "@/lib/templates/import-templates";
import { saveTemplate } from "@/lib/templates/save-template";
import {
  problemsByField,
  readTemplateForm,
  TEMPLATE_FIELDS,
  type TemplateField,
} from "@/lib/templates/template-form-input";
import { describeFileProblem } from "@/lib/templates/templates-file";

export async function saveTemplateAction(
  mode: "create" | "edit",
  key: string | null,
  _previous: FormState<TemplateField>,
  formData: FormData,
): Promise<FormState<TemplateField>> {
  const context = await requireStaff("templates.manage");
  const values = formValues(formData, TEMPLATE_FIELDS);
  if (key) values.key = key;
  const { definition, problems } = readTemplateForm(values);
  if (problems.length > 0)
    return {
      values,
      fieldErrors: problemsByField(problems),
      formError: `Nothing was saved: ${problems.length === 1 ? "one problem" : `${problems.length} problems`} to fix, shown by each field.`,
    };
  let saved;
  try {
    saved = await saveTemplate(context, { ...definition, mode });
  } catch (error) {
    return formFailure(error, values, TEMPLATE_FIELDS);
  }
  redirect(`/staff/templates/${saved.key}?saved=${saved.changed ? saved.version : "unchanged"}`);
}

export type ImportState = { problems: string[]; done?: string };

export async function importTemplatesAction(_previous: ImportState, formData: FormData): Promise<ImportState> {
  const context = await requireStaff("templates.manage");
  const file = formData.get("file");
  const text = file instanceof File ? await file.text() : "";
  if (text.trim() === "") return { problems: ["Choose a templates file (YAML or JSON) to import."] };
  try {
    const outcome = await importTemplates(context, text);
    if (!outcome.ok) return { problems: outcome.problems.map(describeFileProblem) };
    const added = outcome.added.map(({ key, version }) => `${key} version ${version}`);
    return {
      problems: [],
      done:
        `Imported. New versions: ${added.length > 0 ? added.join(", ") : "none"}. ` +
        `Unchanged: ${outcome.unchanged.length > 0 ? outcome.unchanged.join(", ") : "none"}.`,
    };
  } catch (error) {
    return { problems: [formFailure(error, {}).formError ?? "The import failed."] };
  }
}
