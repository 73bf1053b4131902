// Shared by the signing tests: a realistic unsigned PDF, a throwaway seal, and the outside tools
// (poppler's pdfsig, qpdf, pdftotext) that judge the result as any PDF reader would.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PDFDocument, StandardFonts } from "pdf-lib";

const run = promisify(execFile);

export async function temporaryDirectory(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "imprimatur-seal-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A few pages of agreement-like text, about the size of a rendered agreement without fonts. */
export async function sampleAgreementPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let pageNumber = 1; pageNumber <= 3; pageNumber++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`Publication Agreement, page ${pageNumber}`, { x: 72, y: 770, size: 14, font });
    for (let line = 0; line < 45; line++) {
      const text = `Clause ${pageNumber}.${line + 1}: the Author grants the Publisher a non-exclusive licence to publish the Work.`;
      page.drawText(text, { x: 72, y: 740 - line * 14, size: 9, font });
    }
  }
  return doc.save();
}

/** Runs a tool on the bytes as a file; output of both streams, whatever the exit code. */
export async function runOnPdf(tool: "pdfsig" | "qpdf --check" | "pdftotext", bytes: Uint8Array): Promise<string> {
  const { dir, remove } = await temporaryDirectory();
  const file = path.join(dir, "document.pdf");
  await writeFile(file, bytes);
  const [command, ...args] = tool.split(" ");
  try {
    const { stdout, stderr } = await run(command, [...args, file, ...(tool === "pdftotext" ? ["-"] : [])]);
    return stdout + stderr;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return `${failed.stdout ?? ""}${failed.stderr ?? ""}`;
  } finally {
    await remove();
  }
}
