import { requireStaff } from "@/lib/auth/require-staff";
import { downloadResponse } from "@/lib/http/download-response";
import { errorResponse } from "@/lib/http/error-response";
import { downloadPermissionsBundle } from "@/lib/proceedings/download-permissions-bundle";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const context = await requireStaff("exports.download");
    const { id } = await params;
    const bundle = await downloadPermissionsBundle(context, { proceedingsId: id });
    return downloadResponse({ bytes: bundle.zip, fileName: bundle.fileName, contentType: "application/zip" });
  } catch (error) {
    return errorResponse(error);
  }
}
