import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Typesetting is a library below the domains: it sets whatever blocks and names it is handed and
// knows nothing of agreements, the database or signing. Sealing sits beside it, uses only its one
// door for PDF strings, and knows no domain either: it reads the database only for the stored seal.
// npm packages, files in the same folder, and test fixtures are always allowed.
const ALWAYS = String.raw`(?!@/|\.)|\./|@/test/`;
const RULES: { folder: string; mayImport: RegExp }[] = [
  { folder: "lib/pdf", mayImport: new RegExp(String.raw`^(${ALWAYS}|@/lib/(pdf|dates)/)`) },
  {
    folder: "lib/signing",
    mayImport: new RegExp(String.raw`^(${ALWAYS}|@/lib/(signing|config|crypto|db|errors|timestamp)/|@/lib/pdf/pdf-text$)`),
  },
];

describe.each(RULES)("$folder", ({ folder, mayImport }) => {
  it("imports nothing from the layers above it", () => {
    const refused = filesIn(folder).flatMap((file) =>
      importsOf(readFileSync(path.join(process.cwd(), file), "utf8"))
        .filter((specifier) => !mayImport.test(specifier))
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(refused).toEqual([]);
  });
});

function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*"([^"]+)"/g)].map((match) => match[1]);
}

function filesIn(folder: string): string[] {
  return readdirSync(path.join(process.cwd(), folder), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => path.join(folder, file));
}
