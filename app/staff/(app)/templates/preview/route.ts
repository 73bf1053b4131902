import { requireStaff } from "@/lib/auth/require-staff";
import { formValues } from "@/lib/forms/form-state";
import { errorResponse } from "@/lib/http/error-response";
import { previewTemplateHtml } from "@/lib/templates/preview-template";
import { readTemplateForm, TEMPLATE_FIELDS } from "@/lib/templates/template-form-input";
import { describeProblem } from "@/lib/templates/template-problem";

/** The editor's live preview: the form's fields in, the signing page's HTML and the problems out. */
export async function POST(request: Request) {
  try {
    await requireStaff("templates.manage");
    const { definition, problems } = readTemplateForm(formValues(await request.formData(), TEMPLATE_FIELDS));
    return Response.json(
      {
        html: previewTemplateHtml(definition),
        problems: problems.map((problem) => `${labelOf(problem.field)}: ${describeProblem(problem)}`),
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error, { as: "json" });
  }
}

function labelOf(field: string): string {
  return (
    { body: "Agreement text", notice: "Notice", choices: "Choices" }[field] ?? field[0].toUpperCase() + field.slice(1)
  );
}
