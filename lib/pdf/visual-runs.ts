import "server-only";
import bidiFactory, { type EmbeddingLevels } from "bidi-js";
import { loadFace, type FaceKey } from "./fonts";
import type { FacedText } from "./text-runs";

const bidi = bidiFactory();

/** A piece of one line, in left-to-right drawing order, ready for pdf-lib's drawText. */
export type VisualRun = { text: string; face: FaceKey };

/** The agreement is an English, left-to-right document; embedded names may run right to left. */
export function embeddingLevels(text: string): EmbeddingLevels {
  return bidi.getEmbeddingLevels(text, "ltr");
}

/**
 * Reorders the line [start, end) of a paragraph into drawing order (Unicode bidi algorithm, with
 * levels resolved over the whole paragraph) and cuts it wherever the face or direction changes.
 *
 * Right-to-left runs are handed over in logical order when fontkit will shape them: its layout()
 * joins Arabic letters and reverses the glyphs itself. Runs it would not reverse (punctuation
 * between Hebrew words, say) are reversed here instead.
 */
export function visualRuns(faced: FacedText, levels: EmbeddingLevels, start: number, end: number): VisualRun[] {
  if (end <= start) return [];
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

  return groups.map(({ indices, face, rtl }) => {
    const logical = [...indices].sort((a, b) => a - b).map((index) => mirrored.get(index) ?? faced.text[index]).join("");
    if (!rtl || shaperReverses(face, logical)) return { text: logical, face };
    return { text: [...logical].reverse().join(""), face };
  });
}

// Mirrors fontkit's OTLayoutEngine: glyphs come back reversed for a right-to-left script, and only
// from fonts with OpenType layout tables.
function shaperReverses(face: FaceKey, text: string): boolean {
  const font = loadFace(face).font;
  return Boolean(font.GSUB || font.GPOS) && font.layout(text).direction === "rtl";
}
