import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as fontkit from "fontkit";
import { describe, expect, it } from "vitest";
import { createFontSubset } from "./font-subset";
import { loadFace, type FaceKey } from "./fonts";
import { layoutWithoutGlyphCache } from "./fontkit-internals";

// A private parse of a bundled face, so breaking it cannot affect the shared one other tests use.
function freshFont(face: FaceKey): fontkit.Font {
  const parsed = fontkit.create(Buffer.from(loadFace(face).bytes));
  if ("fonts" in parsed) throw new Error("expected a single font");
  return parsed;
}

// What a fontkit release that renamed a private method looks like from here: the instances it
// creates no longer have it.
function withSubsetsLacking(font: fontkit.Font, hook: string): fontkit.Font {
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => Object.defineProperty(createSubset(), hook, { value: undefined, writable: true });
  return font;
}

describe("fontkit internals the renderer relies on", () => {
  it("are all present in the installed fontkit: subsets of both outline kinds encode", () => {
    for (const face of ["latin-regular", "sc-regular"] as const) {
      const font = freshFont(face);
      const subset = createFontSubset(font);
      subset.includeGlyph(font.glyphForCodePoint(face === "latin-regular" ? 0x41 : 0x738b));
      expect(subset.encode().length).toBeGreaterThan(100);
    }
  });

  it("a TrueType subset without TTFSubset._addGlyph fails loudly, naming the hook", () => {
    const font = withSubsetsLacking(freshFont("latin-regular"), "_addGlyph");
    expect(() => createFontSubset(font)).toThrow(
      /^fontkit \d+\.\d+\.\d+ changed: TTFSubset\.prototype\._addGlyph is gone/,
    );
  });

  it("a CFF subset without CFFSubset.subsetCharstrings fails loudly, naming the hook", () => {
    const font = withSubsetsLacking(freshFont("sc-regular"), "subsetCharstrings");
    expect(() => createFontSubset(font)).toThrow(/changed: CFFSubset\.prototype\.subsetCharstrings is gone/);
  });

  it("layout fails loudly when fontkit's glyph cache is no longer where it was", () => {
    const font = freshFont("dancing-regular");
    delete (font as unknown as { _glyphs?: unknown })._glyphs;
    expect(() => layoutWithoutGlyphCache(font, "Ada")).toThrow(/changed: TTFFont\._glyphs is gone/);
  });

  it("layout leaves fontkit's shared glyph cache as it found it", () => {
    const font = freshFont("dancing-regular");
    const cache = (font as unknown as { _glyphs: object })._glyphs;
    expect(layoutWithoutGlyphCache(font, "Ada").glyphs.length).toBeGreaterThan(0);
    expect((font as unknown as { _glyphs: object })._glyphs).toBe(cache);
    expect(Object.keys(cache)).toEqual([]);
  });
});

describe("the rest of the renderer", () => {
  // fontkit marks its internals with a leading underscore; the other private members used here
  // (subset fields and methods) are named explicitly.
  const PRIVATE_ACCESS = /\.(_[A-Za-z]\w*)|\b(subsetCharstrings|subsetSubrs|glyf|hmtx|charstrings|gsubrs)\b|\["CFF "\]/;

  it("reaches fontkit's internals only through fontkit-internals.ts", () => {
    const dir = path.join(process.cwd(), "lib", "pdf");
    const withoutComments = (file: string) =>
      readFileSync(path.join(dir, file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    const offenders = readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .filter((file) => path.basename(file) !== "fontkit-internals.ts")
      .filter((file) => PRIVATE_ACCESS.test(withoutComments(file)));
    expect(offenders).toEqual([]);
  });
});
