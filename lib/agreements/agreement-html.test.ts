import { describe, expect, it } from "vitest";
import { agreementArticleLines, frozenTextLines } from "@/test/agreement-page-text";
import { parseAgreementBlocks } from "./agreement-blocks";
import { agreementHtml } from "./agreement-html";
import { defaultTemplate, placeholderValues, renderAgreementText } from "./agreement-template";

const article = (text: string, emphasis: string[] = []) =>
  `<article class="agreement-text">${agreementHtml(parseAgreementBlocks(text), emphasis)}</article>`;

function frozen(articleTitle: string, correspondingAuthor: string) {
  const paper = { articleTitle, authors: [correspondingAuthor], correspondingAuthorName: correspondingAuthor };
  const values = placeholderValues({ ...paper, publisher: "PMLR", proceedingsName: "PMLR 999", issuedAt: new Date() });
  return renderAgreementText(defaultTemplate().body, values);
}

describe("the agreement as HTML", () => {
  it("shows every line of the frozen text in order, clauses and sub-clauses numbered as in the PDF", () => {
    const text = frozen("Differentiable Dynamic Quantization", "Zhang Haoyang");
    const lines = agreementArticleLines(article(text));
    expect(lines).toEqual(frozenTextLines(text));
    expect(lines.filter((line) => /^\d\. /.test(line)).length).toBeGreaterThanOrEqual(7);
  });

  it("shows a title or name full of markup as text, never as markup", () => {
    const title = `<script>alert("x")</script> & <img src=x onerror=alert(1)> 'quoted'`;
    const text = frozen(title, "Zoë <b>O'Brien</b> & Co");
    const html = article(text, [title]);
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img");
    expect(agreementArticleLines(html)).toEqual(frozenTextLines(text));
  });

  it("sets the article title and the author's name in bold, and nothing else", () => {
    const text = frozen("Differentiable Dynamic Quantization", "Zhang Haoyang");
    const bold = [
      ...article(text, ["Differentiable Dynamic Quantization", "Zhang Haoyang"]).matchAll(/<strong>(.*?)<\/strong>/g),
    ];
    expect(bold.map((match) => match[1]).sort()).toEqual(
      frozenTextLines(text)
        .filter((line) => /^(Differentiable Dynamic Quantization|Zhang Haoyang)\.?$/.test(line))
        .sort(),
    );
    expect(bold.length).toBeGreaterThan(0);
  });
});
