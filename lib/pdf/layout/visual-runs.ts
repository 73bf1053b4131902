import "server-only";
import bidiFactory, { type EmbeddingLevels } from "bidi-js";
import type { FaceKey } from "@/lib/pdf/fonts/fonts";
import { sameFaceStretches, type FacedText } from "@/lib/pdf/fonts/text-runs";

const bidi = bidiFactory();

/** A piece of one line in left-to-right drawing order; right-to-left runs keep logical order. */
export type VisualRun = { text: string; face: FaceKey; rtl: boolean };

/** The agreement is an English, left-to-right document; embedded names may run right to left. */
export function embeddingLevels(text: string): EmbeddingLevels {
  return bidi.getEmbeddingLevels(text, "ltr");
}

/**
 * Reorders the line [start, end) of a paragraph into drawing order (Unicode bidi algorithm, with
 * levels resolved over the whole paragraph) and cuts it wherever the face or direction changes.
 * Right-to-left runs are handed over in logical order, mirrored brackets already swapped: the
 * shaper joins Arabic letters in logical order and reverses the glyphs afterwards (glyph-runs.ts).
 */
export function visualRuns(faced: FacedText, levels: EmbeddingLevels, start: number, end: number): VisualRun[] {
  if (end <= start) return [];
  if (!levels.levels.subarray(start, end).some((level) => level % 2 === 1)) {
    // Nearly every line: left to right throughout, so drawing order is logical order.
    return sameFaceStretches(faced, start, end).map(({ start: from, end: to, face }) => ({
      text: faced.text.slice(from, to),
      face,
      rtl: false,
    }));
  }
  // bidi-js returns the whole string's indices with only this line's segments reversed.
  const order = bidi.getReorderedIndices(faced.text, levels, start, end - 1).slice(start, end);
  const mirrored = bidi.getMirroredCharactersMap(faced.text, levels.levels, start, end - 1);
  const isRtl = (index: number) => levels.levels[index] % 2 === 1;

  const groups: { indices: number[]; face: FaceKey; rtl: boolean }[] = [];
  for (const index of order) {
    const group = groups.at(-1);
    const previous = group?.indices.at(-1);
    const continues =
      group !== undefined &&
      group.face === faced.faces[index] &&
      group.rtl === isRtl(index) &&
      index === previous! + (group.rtl ? -1 : 1);
    if (continues) group.indices.push(index);
    else groups.push({ indices: [index], face: faced.faces[index], rtl: isRtl(index) });
  }

  return groups.map(({ indices, face, rtl }) => ({
    text: [...indices]
      .sort((a, b) => a - b)
      .map((index) => mirrored.get(index) ?? faced.text[index])
      .join(""),
    face,
    rtl,
  }));
}
