import "server-only";
import type { Font, Subset } from "fontkit";
import { flattenCffSubset } from "./flatten-cff-subset";

type GlyphRecord = { data: Uint8Array; components: { glyphID: number; pos: number }[]; advance: number; bearing: number };

type TrueTypeFontInternals = Font & {
  _variationProcessor?: unknown;
  loca: { offsets: number[] };
  getGlyph(id: number): {
    advanceWidth: number;
    _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
    _getMetrics(): { leftBearing: number };
  };
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
};

type TrueTypeSubsetInternals = Subset & {
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  _addGlyph(gid: number): number;
};

/**
 * A new, empty subset of a shared font, for one document. The per-glyph work of subsetting
 * (decoding outlines, copying bytes) is a pure function of the font, so it is done once per glyph
 * per process; only the choice and numbering of glyphs belongs to the document.
 */
export function createFontSubset(font: Font): Subset {
  const subset = font.createSubset();
  if (font["CFF "] !== undefined) flattenCffSubset(subset);
  else reuseTrueTypeGlyphs(subset as TrueTypeSubsetInternals, font as TrueTypeFontInternals);
  return subset;
}

const glyphRecords = new WeakMap<Font, Map<number, GlyphRecord>>();

// Mirrors fontkit's TTFSubset._addGlyph, reading each glyph's bytes once instead of per document.
function reuseTrueTypeGlyphs(subset: TrueTypeSubsetInternals, font: TrueTypeFontInternals) {
  // Variable fonts re-encode outlines per instance; none are bundled, but keep fontkit's way.
  if (font._variationProcessor || typeof subset._addGlyph !== "function") return;
  subset._addGlyph = function (gid: number) {
    const record = glyphRecord(font, gid);
    let data = record.data;
    if (record.components.length > 0) {
      // A composite glyph names its parts by glyph id: renumber them for this subset.
      data = new Uint8Array(record.data);
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      for (const component of record.components) view.setUint16(component.pos, this.includeGlyph(component.glyphID));
    }
    this.glyf.push(data);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push({ advance: record.advance, bearing: record.bearing });
    this.offset += data.length;
    return this.glyf.length - 1;
  };
}

function glyphRecord(font: TrueTypeFontInternals, gid: number): GlyphRecord {
  let records = glyphRecords.get(font);
  if (!records) glyphRecords.set(font, (records = new Map()));
  let record = records.get(gid);
  if (record) return record;
  const glyph = font.getGlyph(gid);
  const decoded = glyph._decode();
  const { offsets } = font.loca;
  const stream = font._getTableStream("glyf");
  stream.pos += offsets[gid];
  record = {
    data: stream.readBuffer(offsets[gid + 1] - offsets[gid]),
    components: decoded && decoded.numberOfContours < 0 ? (decoded.components ?? []).map(({ glyphID, pos }) => ({ glyphID, pos })) : [],
    advance: glyph.advanceWidth,
    bearing: glyph._getMetrics().leftBearing,
  };
  records.set(gid, record);
  return record;
}
