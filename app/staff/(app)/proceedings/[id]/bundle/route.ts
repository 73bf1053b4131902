import { requireStaff } from "@/lib/auth/require-staff";
import { errorResponse } from "@/lib/http/pdf-response";
import { downloadPermissionsBundle } from "@/lib/proceedings/download-permissions-bundle";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const context = await requireStaff("exports.download");
    const { id } = await params;
    const bundle = await downloadPermissionsBundle(context, { proceedingsId: id });
    return new Response(bundle.zip as BodyInit, {
      headers: {
        "Content-Length": String(bundle.zip.byteLength),
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="${bundle.fileName.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(bundle.fileName)}`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
