import { requireStaff } from "@/lib/auth/require-staff";
import { sha256Hex } from "@/lib/crypto/hashing";
import { formValues } from "@/lib/forms/form-state";
import { errorResponse } from "@/lib/http/error-response";
import { pdfResponse } from "@/lib/http/pdf-response";
import { previewTemplatePdf } from "@/lib/templates/preview-template";
import { readTemplateForm, TEMPLATE_FIELDS } from "@/lib/templates/template-form-input";

/** The editor's PDF preview: the template as the sealed PDF sets it, for the sample paper. */
export async function POST(request: Request) {
  try {
    await requireStaff("templates.manage");
    const { definition } = readTemplateForm(formValues(await request.formData(), TEMPLATE_FIELDS));
    const bytes = await previewTemplatePdf(definition);
    const response = pdfResponse({ bytes, filename: "template-preview.pdf", sha256: sha256Hex(bytes) });
    response.headers.set("Content-Disposition", 'inline; filename="template-preview.pdf"');
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
