import "server-only";
import type { Font, Subset } from "fontkit";
import { flattenCffSubset } from "./flatten-cff-subset";
import {
  copyTrueTypeGlyphsWith,
  hasCffOutlines,
  includeGlyph,
  isVariationInstance,
  readTrueTypeGlyph,
  type TrueTypeGlyph,
} from "./fontkit-internals";

/**
 * A new, empty subset of a shared font, for one document. The per-glyph work of subsetting
 * (decoding outlines, copying bytes) is a pure function of the font, so it is done once per glyph
 * per process; only the choice and numbering of glyphs belongs to the document.
 */
export function createFontSubset(font: Font): Subset {
  const subset = font.createSubset();
  if (hasCffOutlines(font)) flattenCffSubset(subset, font);
  // Variable fonts re-encode outlines per instance; none are bundled, but keep fontkit's way.
  else if (!isVariationInstance(font)) copyTrueTypeGlyphsWith(subset, (gid) => subsetGlyph(subset, font, gid));
  return subset;
}

const glyphRecords = new WeakMap<Font, Map<number, TrueTypeGlyph>>();

function subsetGlyph(subset: Subset, font: Font, gid: number) {
  const record = glyphRecord(font, gid);
  if (record.components.length === 0) return record;
  // A composite glyph names its parts by glyph id: renumber them for this subset.
  const data = new Uint8Array(record.data);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (const component of record.components) view.setUint16(component.pos, includeGlyph(subset, component.glyphID));
  return { ...record, data };
}

function glyphRecord(font: Font, gid: number): TrueTypeGlyph {
  let records = glyphRecords.get(font);
  if (!records) glyphRecords.set(font, (records = new Map()));
  let record = records.get(gid);
  if (!record) records.set(gid, (record = readTrueTypeGlyph(font, gid)));
  return record;
}
