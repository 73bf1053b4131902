import { requireStaff } from "@/lib/auth/require-staff";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/http/error-response";
import { readLimitedBody } from "@/lib/http/read-limited-body";
import { changedPapers, previewImport } from "@/lib/proceedings/bulk-import";
import { MAX_IMPORT_BYTES } from "@/lib/proceedings/import-limits";
import { singleLineText } from "@/lib/text/user-text";

// The name is shown to staff and written to the audit log: it obeys the text rules like any other
// field. A name they refuse (bidi override, control, line break) is harmlessly replaced.
const fileName = singleLineText("File name", 200)
  .transform((name) => name || "import.csv")
  .catch("import.csv");
const tooLarge = `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: split it into several files.`;

/**
 * A volume's CSV, sent as the raw request body (text/csv) with its name in `?name=`. The staff
 * member is checked before a byte of the body is read, and the body is read with a cap: a server
 * action would have buffered the whole upload first, for anyone. Requiring text/csv also keeps
 * other sites out: a cross-site form cannot send that type without asking first (CORS).
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const context = await requireStaff("imports.run");
    if (request.headers.get("content-type")?.split(";")[0].trim() !== "text/csv") {
      throw new AppError("INVALID_INPUT", { status: 415, userMessage: "Send the file as text/csv." });
    }
    const bytes = await readLimitedBody(request, MAX_IMPORT_BYTES, tooLarge);
    if (bytes.byteLength === 0) throw new AppError("INVALID_INPUT", { userMessage: "Choose a CSV file to upload." });
    const { id } = await params;
    const name = fileName.parse(new URL(request.url).searchParams.get("name") ?? undefined);
    const { importId, preview } = await previewImport(context, { proceedingsId: id, fileName: name, bytes });
    return Response.json(
      {
        importId,
        fileName: name,
        valid: preview.rows.length,
        problems: preview.problems,
        sample: preview.rows.slice(0, 5),
        unchanged: preview.unchanged,
        ...changedPapers(preview.rows),
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error, { as: "json" });
  }
}
