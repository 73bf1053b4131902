import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import * as fontkit from "fontkit";

export type FontStyle = "regular" | "bold" | "italic";
export type FontFamily = "latin" | "sc" | "jp" | "kr" | "arabic" | "hebrew";
export type FaceKey = `${FontFamily}-${FontStyle}`;

export type LoadedFace = { key: FaceKey; bytes: Uint8Array; font: fontkit.Font };

// Noto faces from the @embedpdf font packages (SIL OFL). Only Noto Sans has true italics; other
// scripts fall back to their upright face, which is how most typesetters treat them anyway.
const FACE_FILES: Record<FontFamily, Partial<Record<FontStyle, string>>> = {
  latin: {
    regular: "fonts-latin/fonts/NotoSans-Regular.ttf",
    bold: "fonts-latin/fonts/NotoSans-Bold.ttf",
    italic: "fonts-latin/fonts/NotoSans-Italic.ttf",
  },
  sc: { regular: "fonts-sc/fonts/NotoSansHans-Regular.otf", bold: "fonts-sc/fonts/NotoSansHans-Bold.otf" },
  jp: { regular: "fonts-jp/fonts/NotoSansJP-Regular.otf", bold: "fonts-jp/fonts/NotoSansJP-Bold.otf" },
  kr: { regular: "fonts-kr/fonts/NotoSansKR-Regular.otf", bold: "fonts-kr/fonts/NotoSansKR-Bold.otf" },
  arabic: {
    regular: "fonts-arabic/fonts/NotoNaskhArabic-Regular.ttf",
    bold: "fonts-arabic/fonts/NotoNaskhArabic-Bold.ttf",
  },
  hebrew: {
    regular: "fonts-hebrew/fonts/NotoSansHebrew-Regular.ttf",
    bold: "fonts-hebrew/fonts/NotoSansHebrew-Bold.ttf",
  },
};

// Resolved from the working directory rather than require.resolve: the packages only export their
// JavaScript, and a bundled server build rewrites require.resolve.
const FONT_PACKAGES_DIR = path.join(process.cwd(), "node_modules", "@embedpdf");

// Loaded once per process: the CJK faces are 4–9 MB each.
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
  const bytes = new Uint8Array(readFileSync(path.join(FONT_PACKAGES_DIR, file)));
  const face = { key, bytes, font: fontkit.create(bytes) };
  loadedFaces.set(key, face);
  return face;
}

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;

/**
 * Families to try for each character of `text`, best first. Han ideographs exist in all three CJK
 * faces with regional glyph shapes, so kana in the text selects the Japanese face first and Hangul
 * the Korean one; otherwise Simplified Chinese.
 */
export function fallbackFamilies(text: string): FontFamily[] {
  const cjk: FontFamily[] = KANA.test(text) ? ["jp", "sc", "kr"] : HANGUL.test(text) ? ["kr", "sc", "jp"] : ["sc", "jp", "kr"];
  return ["latin", ...cjk, "arabic", "hebrew"];
}
