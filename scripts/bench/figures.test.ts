import { describe, expect, it } from "vitest";
import { figuresJson, figuresTable } from "./figures";
import { overRepetitions } from "./stats";

describe("the bench's printed figures", () => {
  const figures = {
    sign_page_median: { ...overRepetitions([7.9, 7.1, 8.4]), unit: "ms", target: "≤ 10" },
    sign_page_static_ratio: { ...overRepetitions([2.5, 2.25, 2.75]), unit: "×" },
    sealed_pdf_size: { value: 25.64, unit: "KB", target: "≤ 100" },
  };

  it("takes a repeated figure's value as the median of its repetitions", () => {
    expect(figures.sign_page_median).toMatchObject({ value: 7.9, spread: [7.1, 8.4] });
  });

  it("puts <figure>_spread (max − min, same unit) beside every repeated figure in --json, and keeps { value, unit } and the target", () => {
    expect(figuresJson(figures)).toEqual({
      sign_page_median: { value: 7.9, unit: "ms", spread: [7.1, 8.4], target: "≤ 10" },
      sign_page_median_spread: { value: 1.3, unit: "ms" },
      sign_page_static_ratio: { value: 2.5, unit: "×", spread: [2.25, 2.75] },
      sign_page_static_ratio_spread: { value: 0.5, unit: "×" },
      sealed_pdf_size: { value: 25.64, unit: "KB", target: "≤ 100" },
    });
  });

  it("shows the range of the repetitions in the table, and none for a figure that is counted once", () => {
    const lines = figuresTable(figures).split("\n");
    expect(lines.find((line) => line.startsWith("sign_page_median"))).toMatch(/7\.90 ms\s+\(7\.10–8\.40\)\s+≤ 10 ms/);
    expect(lines.find((line) => line.startsWith("sealed_pdf_size"))).not.toContain("(");
  });
});
