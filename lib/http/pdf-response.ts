import "server-only";

export function pdfResponse({ bytes, filename, sha256 }: { bytes: Uint8Array; filename: string; sha256: string }) {
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "no-store",
      "X-Content-SHA256": sha256,
    },
  });
}
