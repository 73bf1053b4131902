import { parseAgreementQuery } from "@/lib/agreements/search/agreement-query";
import { requireStaff } from "@/lib/auth/require-staff";
import { exportAgreements } from "@/lib/exports/export-agreements";
import { downloadResponse } from "@/lib/http/download-response";
import { errorResponse } from "@/lib/http/error-response";

export async function GET(request: Request) {
  try {
    const context = await requireStaff("exports.download");
    const query = parseAgreementQuery(new URL(request.url).searchParams);
    return downloadResponse(await exportAgreements(context, { query, format: "csv" }));
  } catch (error) {
    return errorResponse(error);
  }
}
