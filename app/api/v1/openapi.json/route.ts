import { openApiDocument } from "@/lib/api/openapi-document";
import { appUrl } from "@/lib/config/app-config";

// Public: the document describes the API, it reveals no data.
export function GET() {
  return Response.json(openApiDocument(appUrl()), { headers: { "Cache-Control": "public, max-age=300" } });
}
