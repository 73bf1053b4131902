import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { previewTemplateHtml, previewTemplatePdf } from "./preview-template";
import { parseTemplatesFile } from "./templates-file";

const [sample] = parseTemplatesFile(
  readFileSync("lib/templates/samples/rights-form.templates.yaml", "utf8"),
).definitions;

describe("previewing a template with sample data", () => {
  it("shows the signing page's HTML with headings, emphasis and each choice's first option filled in", () => {
    const html = previewTemplateHtml(sample);
    expect(html).toContain("<h2>Copyright and Licensing Form</h2>");
    expect(html).toContain("<h3>Rights granted</h3>");
    expect(html).toContain(
      "<p>You keep the copyright in the article and grant the public a <em>Creative Commons Attribution 4.0 " +
        "International</em> licence",
    );
    expect(html).toContain("<p><strong>Learning to Sign: A Sample Article for Previewing Agreements</strong></p>");
    expect(html).not.toContain("{{");
  });

  it("sets the same text as a PDF a reader can open", async () => {
    const bytes = await previewTemplatePdf(sample);
    const dir = mkdtempSync(path.join(tmpdir(), "template-preview-"));
    const file = path.join(dir, "preview.pdf");
    writeFileSync(file, bytes);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Copyright and Licensing Form");
    expect(text).toContain("Rights granted");
    expect(text).toContain("Creative Commons Attribution 4.0 International licence");
    expect(text).toContain("The article is not a work of any government");
    execFileSync("qpdf", ["--check", file]);
  });
});
