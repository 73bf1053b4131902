import "server-only";

/** A file to save (export, ZIP): never cached, named safely for every browser. */
export function downloadResponse({
  bytes,
  fileName,
  contentType,
}: {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
}) {
  return new Response(bytes as BodyInit, {
    headers: {
      "Content-Type": contentType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
}
