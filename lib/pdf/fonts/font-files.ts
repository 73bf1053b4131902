import path from "node:path";

export type FontStyle = "regular" | "bold" | "italic";
export type FontFamily = "latin" | "sc" | "jp" | "kr" | "arabic" | "hebrew" | "dancing" | "caveat";
export type FaceKey = `${FontFamily}-${FontStyle}`;

// Noto faces from the @embedpdf font packages and two handwriting faces from Google Fonts, all SIL
// OFL. Only Noto Sans has true italics; other scripts fall back to their upright face, which is how
// most typesetters treat them anyway. Kept apart from fonts.ts, which parses them, so the server's
// thread can check they are there without loading fontkit (seal-threads.ts).
export const FACE_FILES: Record<FontFamily, Partial<Record<FontStyle, string>>> = {
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
export const fontFile = (file: string) => path.join(process.cwd(), "node_modules", file);

/** Every bundled font file's path. */
export const FONT_FILES = Object.values(FACE_FILES).flatMap((styles) => Object.values(styles).map(fontFile));
