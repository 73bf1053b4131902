import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import * as fontkit from "fontkit";

export type FontStyle = "regular" | "bold" | "italic";
export type FontFamily = "latin" | "sc" | "jp" | "kr" | "arabic" | "hebrew" | "dancing" | "caveat";
export type FaceKey = `${FontFamily}-${FontStyle}`;

/**
 * A font file and its parsed form, shared by every document the process renders. Treat `font` as
 * read-only: whatever fontkit caches inside it (tables, glyph objects) must not decide what a
 * document contains, which is why glyph shaping and text mapping live in glyph-runs.ts and
 * document-font.ts rather than in fontkit's glyph objects.
 */
export type LoadedFace = { key: FaceKey; bytes: Uint8Array; font: fontkit.Font };

// Noto faces from the @embedpdf font packages and two handwriting faces from Google Fonts, all SIL
// OFL. Only Noto Sans has true italics; other scripts fall back to their upright face, which is how
// most typesetters treat them anyway.
const FACE_FILES: Record<FontFamily, Partial<Record<FontStyle, string>>> = {
  latin: {
    regular: "@embedpdf/fonts-latin/fonts/NotoSans-Regular.ttf",
    bold: "@embedpdf/fonts-latin/fonts/NotoSans-Bold.ttf",
    italic: "@embedpdf/fonts-latin/fonts/NotoSans-Italic.ttf",
  },
  sc: {
    regular: "@embedpdf/fonts-sc/fonts/NotoSansHans-Regular.otf",
    bold: "@embedpdf/fonts-sc/fonts/NotoSansHans-Bold.otf",
  },
  jp: {
    regular: "@embedpdf/fonts-jp/fonts/NotoSansJP-Regular.otf",
    bold: "@embedpdf/fonts-jp/fonts/NotoSansJP-Bold.otf",
  },
  kr: {
    regular: "@embedpdf/fonts-kr/fonts/NotoSansKR-Regular.otf",
    bold: "@embedpdf/fonts-kr/fonts/NotoSansKR-Bold.otf",
  },
  arabic: {
    regular: "@embedpdf/fonts-arabic/fonts/NotoNaskhArabic-Regular.ttf",
    bold: "@embedpdf/fonts-arabic/fonts/NotoNaskhArabic-Bold.ttf",
  },
  hebrew: {
    regular: "@embedpdf/fonts-hebrew/fonts/NotoSansHebrew-Regular.ttf",
    bold: "@embedpdf/fonts-hebrew/fonts/NotoSansHebrew-Bold.ttf",
  },
  // Typed signatures only: Dancing Script covers Latin including Vietnamese, Caveat adds Cyrillic.
  dancing: { regular: "@expo-google-fonts/dancing-script/400Regular/DancingScript_400Regular.ttf" },
  caveat: { regular: "@expo-google-fonts/caveat/400Regular/Caveat_400Regular.ttf" },
};

// Resolved from the working directory rather than require.resolve: the packages only export their
// JavaScript, and a bundled server build rewrites require.resolve.
const NODE_MODULES = path.join(process.cwd(), "node_modules");

// Loaded and parsed once per process: the CJK faces are 4–9 MB each and parsing their layout
// tables costs far more than drawing a whole agreement.
const loadedFaces = new Map<FaceKey, LoadedFace>();

/** The face that actually draws `style` in `family` (italic CJK is drawn upright). */
export function faceKeyFor(family: FontFamily, style: FontStyle): FaceKey {
  return FACE_FILES[family][style] ? `${family}-${style}` : `${family}-regular`;
}

export function loadFace(key: FaceKey): LoadedFace {
  const cached = loadedFaces.get(key);
  if (cached) return cached;
  const [family, style] = key.split("-") as [FontFamily, FontStyle];
  const file = FACE_FILES[family][style];
  if (!file) throw new Error(`No font file for face ${key}`);
  const bytes = readFileSync(path.join(NODE_MODULES, file));
  const parsed = fontkit.create(bytes);
  // A collection (.ttc) holds several fonts; every bundled file is a single font.
  if ("fonts" in parsed) throw new Error(`Font file for face ${key} is a collection, not one font`);
  const face = { key, bytes: new Uint8Array(bytes), font: parsed };
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
