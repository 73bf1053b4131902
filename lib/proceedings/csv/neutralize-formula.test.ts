import { describe, expect, it } from "vitest";
import { neutralizeFormula } from "./neutralize-formula";

describe("neutralising formula-like cells in CSV exports", () => {
  it("makes cells a spreadsheet would run as a formula plain text", () => {
    for (const cell of ['=HYPERLINK("http://evil.example")', "+1", "-1 is not enough", "@SUM(A1)", "\t=1", "\r=1"]) {
      expect(neutralizeFormula(cell)).toBe(`'${cell}`);
    }
  });

  it("leaves ordinary values alone", () => {
    for (const cell of ["", "Ada Lovelace", "17", " =1", "a=b", "'quoted", "Zoë"]) {
      expect(neutralizeFormula(cell)).toBe(cell);
    }
  });
});
