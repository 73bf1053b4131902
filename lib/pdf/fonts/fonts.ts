import "server-only";
import { readFileSync } from "node:fs";
import * as fontkit from "fontkit";
import { FACE_FILES, fontFile, type FaceKey, type FontFamily, type FontStyle } from "./font-files";

export type { FaceKey, FontFamily, FontStyle } from "./font-files";

/**
 * A font file and its parsed form, shared by every document the process renders. Treat `font` as
 * read-only: whatever fontkit caches inside it (tables, glyph objects) must not decide what a
 * document contains, which is why glyph shaping and text mapping live in glyph-runs.ts and
 * document-font.ts rather than in fontkit's glyph objects.
 */
export type LoadedFace = { key: FaceKey; bytes: Uint8Array; font: fontkit.Font };

// Loaded and parsed once per process: the CJK faces are 4–9 MB each and parsing their layout
// tables costs far more than drawing a whole agreement. Kept in the order last used.
const loadedFaces = new Map<FaceKey, LoadedFace>();

// A CJK face holds 13–15 MB (its file and parsed tables), so between documents only the two used
// last are kept, a document's regular and bold: a volume signed in one language keeps its faces,
// while names in Chinese, Japanese and Korean one after another cost a reload (tens of ms a face)
// rather than 80 MB held for good.
const LARGE_FACE_BYTES = 2 * 1024 * 1024;
const LARGE_FACES_KEPT = 2;

/**
 * Lets go of all but the most recently used large faces. Call between documents, never during
 * one: a face is asked for again for every word measured.
 */
export function releaseLargeFaces(): void {
  const large = [...loadedFaces.values()].filter((face) => face.bytes.byteLength > LARGE_FACE_BYTES);
  for (const face of large.slice(0, -LARGE_FACES_KEPT)) loadedFaces.delete(face.key);
}

/** The faces loaded now, least recently used first. */
export const loadedFaceKeys = (): FaceKey[] => [...loadedFaces.keys()];

/** The face that actually draws `style` in `family` (italic CJK is drawn upright). */
export function faceKeyFor(family: FontFamily, style: FontStyle): FaceKey {
  return FACE_FILES[family][style] ? `${family}-${style}` : `${family}-regular`;
}

export function loadFace(key: FaceKey): LoadedFace {
  const cached = loadedFaces.get(key);
  if (cached) {
    if (cached.bytes.byteLength > LARGE_FACE_BYTES) {
      loadedFaces.delete(key);
      loadedFaces.set(key, cached);
    }
    return cached;
  }
  const [family, style] = key.split("-") as [FontFamily, FontStyle];
  const file = FACE_FILES[family][style];
  if (!file) throw new Error(`No font file for face ${key}`);
  const bytes = readFileSync(fontFile(file));
  const parsed = fontkit.create(bytes);
  // A collection (.ttc) holds several fonts; every bundled file is a single font.
  if ("fonts" in parsed) throw new Error(`Font file for face ${key} is a collection, not one font`);
  // The file's own buffer, which the parsed font reads from too: a copy held a second 0.6–8.6 MB.
  const face = { key, bytes, font: parsed };
  loadedFaces.set(key, face);
  return face;
}

export function familyOf(face: FaceKey): FontFamily {
  return face.slice(0, face.indexOf("-")) as FontFamily;
}

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;

/**
 * Families to try for each character of `text`, best first. Han ideographs exist in all three CJK
 * faces with regional glyph shapes, so kana in the text selects the Japanese face first and Hangul
 * the Korean one; otherwise Simplified Chinese.
 */
export function fallbackFamilies(text: string): FontFamily[] {
  const cjk: FontFamily[] = KANA.test(text)
    ? ["jp", "sc", "kr"]
    : HANGUL.test(text)
      ? ["kr", "sc", "jp"]
      : ["sc", "jp", "kr"];
  return ["latin", ...cjk, "arabic", "hebrew"];
}
