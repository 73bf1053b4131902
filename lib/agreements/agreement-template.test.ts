import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultTemplate, renderAgreementText } from "./agreement-template";

describe("the default agreement template", () => {
  it("renders PMLR's agreement word for word when filled with the original's values", () => {
    const reference = readFileSync("lib/agreements/templates/pmlr-publication-agreement.reference.txt", "utf8");
    const text = renderAgreementText(defaultTemplate().body, {
      articleTitle: "Differentiable Dynamic Quantization with Mixed Precision and Adaptive resolution",
      correspondingAuthor: "Zhang Haoyang",
      publisher: "PMLR",
    });
    const originalSignatureBlock = "\n\n- Corresponding Author:\n - Signed: *Zhang Zhongang*\n - Date: *2021/6/2*.";
    expect(text + originalSignatureBlock).toBe(reference);
  });

  it("keeps a value that looks like a placeholder as plain text", () => {
    const text = renderAgreementText("{{articleTitle}} by {{correspondingAuthor}}", {
      articleTitle: "{{correspondingAuthor}}",
      correspondingAuthor: "Ada",
      publisher: "PMLR",
    });
    expect(text).toBe("{{correspondingAuthor}} by Ada");
  });
});
