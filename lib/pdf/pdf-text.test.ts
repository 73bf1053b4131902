import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { pdfAsciiString, pdfText, setDocumentInfo } from "./pdf-text";

const NAMES = [
  "王倩",
  "دار النشر العربية",
  "Εκδόσεις Παπαδόπουλος",
  "Smith (Ed.) \\ Jones) (",
  "Eve) /M (D:19990101000000Z) /Name (Acme",
  "emoji 👩‍💻 and astral 𠜎",
];

describe("text written into PDF objects", () => {
  it.each(NAMES)("comes back exactly as written after saving and loading: %s", async (name) => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.addPage();
    const at = new Date("2026-11-20T10:00:00Z");
    setDocumentInfo(doc, {
      title: name,
      author: name,
      subject: name,
      creator: "Imprimatur",
      producer: "Imprimatur",
      language: "en",
      createdAt: at,
      modifiedAt: at,
    });
    const loaded = await PDFDocument.load(await doc.save(), { updateMetadata: false });
    expect([loaded.getTitle(), loaded.getAuthor(), loaded.getSubject()]).toEqual([name, name, name]);
    expect(loaded.getCreationDate()).toEqual(at);
  });

  it("is hex-encoded, so no delimiter of the PDF syntax can appear in it", () => {
    expect(pdfText("a) /M (b").toString()).toMatch(/^<FEFF[0-9A-F]+>$/);
  });

  it("refuses to write anything but a plain constant as a literal string", () => {
    expect(pdfAsciiString("Identity").toString()).toBe("(Identity)");
    for (const unsafe of ["a)b", "a\\b", "王", "a\nb"])
      expect(() => pdfAsciiString(unsafe)).toThrow(/plain ASCII constants only/);
  });
});

// pdf-lib's PDFString.of writes bytes unescaped and its setters hide which encoding they use: any
// string that reaches a PDF goes through pdf-text.ts, and this keeps it that way.
describe("the rest of the code base", () => {
  it("writes no PDF string except through pdf-text.ts", () => {
    const offenders = sourceFiles(["lib", "app", "components", "scripts"])
      .filter((file) => !file.endsWith(path.join("lib", "pdf", "pdf-text.ts")))
      .filter((file) => writesPdfStrings(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});

function writesPdfStrings(source: string): boolean {
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
  if (/\b(PDFString|PDFHexString|pdflibAddPlaceholder)\b/.test(code)) return true;
  // pdf-lib's own setters for the document information; other libraries have a setSubject too.
  return /from "pdf-lib"/.test(code) && /\.set(Title|Author|Subject|Keywords|Creator|Producer|Language)\(/.test(code);
}

function sourceFiles(roots: string[]): string[] {
  const files: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "generated" && entry.name !== "node_modules") visit(full);
      else if (/\.(ts|tsx|js|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) files.push(full);
    }
  };
  for (const root of roots) visit(path.join(process.cwd(), root));
  return files;
}
