import { requireStaff } from "@/lib/auth/require-staff";
import { downloadResponse } from "@/lib/http/download-response";
import { errorResponse } from "@/lib/http/error-response";
import { exportVolumeNotices, type NoticeFormat } from "@/lib/notices/export-volume-notices";

/** GET notices.csv / notices.json / notices.tex: the volume's camera-ready notices, for any staff role. */
export function noticesRoute(format: NoticeFormat) {
  return async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
    try {
      const context = await requireStaff("exports.download");
      const { id } = await params;
      const file = await exportVolumeNotices(context, { proceedingsId: id, format });
      return downloadResponse(file);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
