import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Font, GlyphRun, Subset } from "fontkit";

// Every use of fontkit beyond its documented API (and beyond @types/fontkit) lives in this file.
// fontkit 2.0 has no extension points for what the renderer needs (per-process glyph caches, CFF
// subsets without subroutines, a glyph cache that does not leak between documents), so these
// reach into its classes. Each hook is checked on first use and a missing one throws, naming
// it: a fontkit upgrade must fail the tests, not quietly produce larger or wrong PDFs.

type Kind = "function" | "object" | "number";

export class FontkitChangedError extends Error {
  constructor(hook: string, expected: Kind) {
    const kind = `${expected === "object" ? "an" : "a"} ${expected}`;
    super(
      `fontkit ${installedFontkitVersion()} changed: ${hook} is gone or is no longer ${kind} ` +
        "(lib/pdf/fonts/fontkit-internals.ts relies on it; see that file before upgrading fontkit)",
    );
    this.name = "FontkitChangedError";
  }
}

const checkedPrototypes = new WeakMap<object, Set<string>>();

/** Throws unless each `hooks` member of `target` has the expected kind; prototypes are checked once. */
function requireHooks(owner: string, target: object, hooks: Record<string, Kind>): void {
  const prototype = Object.getPrototypeOf(target) as object | null;
  const checked = prototype ? checkedPrototypes.get(prototype) : undefined;
  for (const [name, kind] of Object.entries(hooks)) {
    if (checked?.has(name) && !Object.hasOwn(target, name)) continue;
    const value = (target as Record<string, unknown>)[name];
    if (kind === "object" ? typeof value !== "object" || value === null : typeof value !== kind) {
      throw new FontkitChangedError(`${owner}.${name}`, kind);
    }
    // Only methods are shared by every instance; fields are checked on each object.
    if (kind === "function" && prototype && !Object.hasOwn(target, name)) {
      if (!checkedPrototypes.has(prototype)) checkedPrototypes.set(prototype, new Set());
      checkedPrototypes.get(prototype)!.add(name);
    }
  }
}

function installedFontkitVersion(): string {
  try {
    const manifest = readFileSync(path.join(process.cwd(), "node_modules", "fontkit", "package.json"), "utf8");
    return (JSON.parse(manifest) as { version: string }).version;
  } catch {
    return "(version unknown)";
  }
}

// ---------------------------------------------------------------------------------------------
// Tables. fontkit exposes every parsed table as a property named by its tag; @types/fontkit
// declares only some of them.

type FontTables = {
  "CFF "?: unknown;
  post: { isFixedPitch: number };
  head: { macStyle: { italic: boolean } };
};

/** Whether the outlines are CFF (the OpenType CJK faces) rather than TrueType. */
export function hasCffOutlines(font: Font): boolean {
  return (font as Font & FontTables)["CFF "] !== undefined;
}

/** What the PDF font descriptor's flags need from the `post` and `head` tables. */
export function descriptorStyle(font: Font): { fixedPitch: boolean; italic: boolean } {
  const tables = font as Font & FontTables;
  requireHooks("Font", tables, { post: "object", head: "object" });
  return { fixedPitch: Boolean(tables.post.isFixedPitch), italic: Boolean(tables.head.macStyle.italic) };
}

/**
 * Adds a glyph to a subset and returns its number in the subset. fontkit returns the new glyph id;
 * @types/fontkit declares a boolean and a Glyph argument only.
 */
export function includeGlyph(subset: Subset, glyphId: number): number {
  return (subset as unknown as { includeGlyph(glyph: number): number }).includeGlyph(glyphId);
}

// ---------------------------------------------------------------------------------------------
// Layout without fontkit's glyph cache.

type GlyphCache = { _glyphs: Record<number, unknown> };

/**
 * fontkit's layout, run against an empty glyph cache: a cached glyph object keeps the characters
 * it was first reached through in an earlier call (or document), so each glyph's characters in
 * the result would otherwise depend on what the process rendered before.
 */
export function layoutWithoutGlyphCache(font: Font, text: string): GlyphRun {
  requireHooks("TTFFont", font, { _glyphs: "object", layout: "function" });
  const cached = font as Font & GlyphCache;
  const shared = cached._glyphs;
  cached._glyphs = {};
  try {
    return font.layout(text);
  } finally {
    cached._glyphs = shared;
  }
}

// ---------------------------------------------------------------------------------------------
// TrueType subsets: fontkit's TTFSubset re-reads and re-decodes each glyph for every document.

/** One glyph's bytes from the glyf table, with what its subset entry needs. */
export type TrueTypeGlyph = {
  data: Uint8Array;
  /** A composite glyph's parts: the glyph id each names and where in `data` that id is written. */
  components: { glyphID: number; pos: number }[];
  advance: number;
  bearing: number;
};

type TrueTypeFontInternals = {
  _variationProcessor: unknown;
  loca: { offsets: number[] };
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
  getGlyph(id: number): TrueTypeGlyphInternals;
};

type TrueTypeGlyphInternals = {
  advanceWidth: number;
  _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
  _getMetrics(): { leftBearing: number };
};

type TrueTypeSubsetInternals = {
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  _addGlyph(gid: number): number;
};

/** Variable fonts re-encode outlines per instance, which the glyph reuse below does not do. */
export function isVariationInstance(font: Font): boolean {
  if (!("_variationProcessor" in font)) {
    throw new FontkitChangedError("TTFFont.prototype._variationProcessor", "object");
  }
  return Boolean((font as unknown as TrueTypeFontInternals)._variationProcessor);
}

/** Reads glyph `gid` of a TrueType font as fontkit's TTFSubset._addGlyph would. */
export function readTrueTypeGlyph(font: Font, gid: number): TrueTypeGlyph {
  const internals = font as unknown as TrueTypeFontInternals;
  requireHooks("TTFFont", internals, { _getTableStream: "function", loca: "object" });
  const glyph = internals.getGlyph(gid);
  requireHooks("TTFGlyph", glyph, { _decode: "function", _getMetrics: "function" });
  const decoded = glyph._decode();
  const parts = decoded && decoded.numberOfContours < 0 ? (decoded.components ?? []) : [];
  const { offsets } = internals.loca;
  const stream = internals._getTableStream("glyf");
  stream.pos += offsets[gid];
  return {
    data: stream.readBuffer(offsets[gid + 1] - offsets[gid]),
    components: parts.map(({ glyphID, pos }) => ({ glyphID, pos })),
    advance: glyph.advanceWidth,
    bearing: glyph._getMetrics().leftBearing,
  };
}

/**
 * Makes a TrueType subset take each glyph's bytes and metrics from `glyphFor` instead of reading
 * them from the font itself; `glyphFor` may add glyphs to the subset (a composite's parts).
 */
export function copyTrueTypeGlyphsWith(
  subset: Subset,
  glyphFor: (gid: number) => Omit<TrueTypeGlyph, "components">,
): void {
  const internals = subset as unknown as TrueTypeSubsetInternals;
  requireHooks("TTFSubset.prototype", internals, { _addGlyph: "function" });
  internals._addGlyph = function (this: TrueTypeSubsetInternals, gid: number) {
    // fontkit sets these up in encode() before adding the first glyph.
    requireHooks("TTFSubset", this, { glyf: "object", loca: "object", hmtx: "object", offset: "number" });
    const { data, advance, bearing } = glyphFor(gid);
    this.glyf.push(data);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push({ advance, bearing });
    this.offset += data.length;
    return this.glyf.length - 1;
  };
}

// ---------------------------------------------------------------------------------------------
// CFF subsets: fontkit keeps every subroutine slot of the font, which makes CJK subsets heavy.

type CffSubsetInternals = {
  glyphs: number[];
  charstrings: Uint8Array[];
  gsubrs: Uint8Array[];
  subsetCharstrings(): void;
  subsetSubrs(subrs: unknown, used: unknown): Uint8Array[];
};

/**
 * Makes a CFF subset write `charstringFor(gid)` as each glyph's outline, with no global or local
 * subroutines at all; the charstrings must therefore call none.
 */
export function encodeCffCharstringsWith(subset: Subset, charstringFor: (gid: number) => Uint8Array): void {
  const internals = subset as unknown as CffSubsetInternals;
  requireHooks("CFFSubset.prototype", internals, {
    subsetCharstrings: "function",
    subsetSubrs: "function",
    glyphs: "object",
  });
  internals.subsetCharstrings = function (this: CffSubsetInternals) {
    this.charstrings = this.glyphs.map(charstringFor);
    this.gsubrs = [];
  };
  internals.subsetSubrs = () => [];
}
