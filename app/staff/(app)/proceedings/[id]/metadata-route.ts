import { requireStaff } from "@/lib/auth/require-staff";
import { downloadResponse } from "@/lib/http/download-response";
import { errorResponse } from "@/lib/http/error-response";
import { exportVolumeMetadata, type MetadataFormat } from "@/lib/proceedings/export-volume-metadata";

/** GET proceedings.bib / signers.json / signers.csv: the volume's metadata going out, as the notices exports. */
export function metadataRoute(format: MetadataFormat) {
  return async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
    try {
      const context = await requireStaff("exports.download");
      const { id } = await params;
      return downloadResponse(await exportVolumeMetadata(context, { proceedingsId: id, format }));
    } catch (error) {
      return errorResponse(error);
    }
  };
}
