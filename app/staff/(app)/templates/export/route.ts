import { requireStaff } from "@/lib/auth/require-staff";
import { downloadResponse } from "@/lib/http/download-response";
import { errorResponse } from "@/lib/http/error-response";
import { exportTemplates } from "@/lib/templates/export-templates";

/** Every template's newest version as one YAML file, to keep in git and import elsewhere. */
export async function GET() {
  try {
    await requireStaff("templates.manage");
    const bytes = new TextEncoder().encode(await exportTemplates());
    return downloadResponse({
      bytes,
      fileName: "agreement-templates.yaml",
      contentType: "application/yaml; charset=utf-8",
    });
  } catch (error) {
    return errorResponse(error);
  }
}
