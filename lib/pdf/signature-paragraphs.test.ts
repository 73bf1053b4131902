import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { handwritingFace } from "@/lib/pdf/fonts/handwriting-face";
import { renderAgreementPdf } from "./render-agreement-pdf";
import { agreement, fontNames, pdfScratch, textOf } from "@/test/render-fixtures";

const scratch = pdfScratch();
afterAll(() => rmSync(scratch.dir, { recursive: true, force: true }));

async function signedBy(signatureName: string, name: string) {
  const file = scratch.write(await renderAgreementPdf(agreement({ signatureName })), name);
  return { file, fonts: fontNames(file), text: textOf(file, "-layout") };
}

const isHand = (font: string) => /DancingScript|Caveat/.test(font);

describe("the typed signature", () => {
  it("picks Dancing Script when it has every character, Caveat for Cyrillic, and no hand for other scripts", () => {
    expect(handwritingFace("Zoë Łukasiewicz-Nguyễn")).toBe("dancing-regular");
    expect(handwritingFace("Đặng Thị Ngọc Thịnh")).toBe("dancing-regular");
    expect(handwritingFace("Дмитрий Иванов")).toBe("caveat-regular");
    for (const name of ["张浩洋", "Αλέξανδρος", "محمد عبد الله", "דוד כהן", "Zhang 张", "Bob 👍"]) {
      expect(handwritingFace(name), name).toBeUndefined();
    }
  });

  it("is drawn in a handwriting face above the line, with the name printed beneath it", async () => {
    const { fonts, text } = await signedBy("Zhang Zhongang", "latin-hand");
    expect(fonts.some((font) => /^[A-Z]{6}\+DancingScript-Regular$/.test(font))).toBe(true);
    const lines = text.split("\n").map((line) => line.trim());
    const signed = lines.findIndex((line) => /^Signed:\s+Zhang Zhongang$/.test(line));
    expect(signed).toBeGreaterThan(0);
    expect(lines.slice(signed + 1).find((line) => line.length > 0)).toBe("Zhang Zhongang");
  });

  it("uses Caveat for a Cyrillic name", async () => {
    const { fonts, text } = await signedBy("Дмитрий Иванов", "cyrillic-hand");
    expect(fonts.some((font) => font.endsWith("+Caveat-Regular"))).toBe(true);
    expect(fonts.some((font) => font.includes("DancingScript"))).toBe(false);
    expect(text).toContain("Дмитрий Иванов");
  });

  it("keeps a Chinese name, or a name mixing scripts, in the Noto faces", async () => {
    const chinese = await signedBy("张浩洋", "cjk-signature");
    expect(chinese.fonts.some(isHand)).toBe(false);
    expect(chinese.fonts.some((font) => font.endsWith("+NotoSansHans-Regular"))).toBe(true);
    expect(chinese.text).toMatch(/Signed:\s+张浩洋/);
    const mixed = await signedBy("Zhang 张 Zhongang", "mixed-signature");
    expect(mixed.fonts.some(isHand)).toBe(false);
    expect(mixed.fonts.some((font) => font.endsWith("+NotoSans-Italic"))).toBe(true);
  });
});
