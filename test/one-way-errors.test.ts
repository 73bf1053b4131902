import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

// Each pattern is a second way of doing what lib/forms/form-failure.ts and lib/http/error-response.ts
// do once: guessing whether an error has a real message, parsing "field: message" out of one, or
// answering a too-large body by hand.
const SECOND_WAYS: { what: string; pattern: RegExp }[] = [
  {
    what: "compares an error's message to its code",
    pattern: /\.message\s*[!=]==?\s*[\w.]*\.code\b|\.code\s*[!=]==?\s*[\w.]*\.message\b/,
  },
  { what: "splits a message at ': '", pattern: /\.split\(\s*["'`]:\s?["'`]\s*\)/ },
  { what: "builds a 413 response by hand", pattern: /status:\s*413\b/ },
];

describe("app/ has one way to turn an error into what a person sees", () => {
  const files = sourceFiles("app");

  it("finds the route and action files it checks", () => {
    expect(files).toContain(path.join("app", "staff", "(app)", "proceedings", "actions.ts"));
    expect(files.length).toBeGreaterThan(20);
  });

  for (const { what, pattern } of SECOND_WAYS) {
    it(`no file ${what}`, () => {
      const offenders = files.filter((file) => pattern.test(readFileSync(path.join(root, file), "utf8")));
      expect(offenders).toEqual([]);
    });
  }

  it("the patterns catch what they are meant to catch", () => {
    const samples = [
      "if (error.message !== error.code) return",
      'const [field, message] = error.userMessage.split(": ");',
      'return new Response("x", { status: 413 });',
    ];
    SECOND_WAYS.forEach(({ pattern }, index) => expect(pattern.test(samples[index])).toBe(true));
  });
});
