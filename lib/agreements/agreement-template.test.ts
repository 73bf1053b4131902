import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultTemplate, placeholderValues, renderAgreementText } from "./agreement-template";

const values = (paper: { articleTitle: string; correspondingAuthorName: string; authors?: string[] }) =>
  placeholderValues({
    authors: [paper.correspondingAuthorName],
    ...paper,
    publisher: "PMLR",
    proceedingsName: "Proceedings of the 38th ICML",
    paperId: "zhang21b",
    issuedAt: new Date("2021-06-01T12:00:00Z"),
  });

describe("the default agreement template", () => {
  it("renders PMLR's agreement word for word when filled with the original's values", () => {
    const reference = readFileSync("lib/agreements/templates/pmlr-publication-agreement.reference.txt", "utf8");
    const text = renderAgreementText(
      defaultTemplate().body,
      values({
        articleTitle: "Differentiable Dynamic Quantization with Mixed Precision and Adaptive resolution",
        correspondingAuthorName: "Zhang Haoyang",
      }),
    );
    const originalSignatureBlock = "\n\n- Corresponding Author:\n - Signed: *Zhang Zhongang*\n - Date: *2021/6/2*.";
    expect(text + originalSignatureBlock).toBe(reference);
  });

  it("keeps a value that looks like a placeholder as plain text", () => {
    const text = renderAgreementText(
      "{{articleTitle}} by {{correspondingAuthor}}",
      values({ articleTitle: "{{correspondingAuthor}}", correspondingAuthorName: "Ada" }),
    );
    expect(text).toBe("{{correspondingAuthor}} by Ada");
  });

  it("fills every documented placeholder and leaves the author's choices for signing", () => {
    const body =
      "{{article_title}} | {{authors}} | {{corresponding_author}} | {{publisher}} | {{proceedings}} | " +
      "{{year}} | {{paper_id}} | {{choice:licence}} | {{unknown}}";
    const text = renderAgreementText(
      body,
      values({ articleTitle: "T", correspondingAuthorName: "Ada", authors: ["Ada", "Bo", "Cy"] }),
    );
    expect(text).toBe(
      "T | Ada, Bo, and Cy | Ada | PMLR | Proceedings of the 38th ICML | 2021 | zhang21b | {{choice:licence}} | {{unknown}}",
    );
  });
});
