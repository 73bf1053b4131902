import { describe, expect, it } from "vitest";
import { placeholderValues } from "@/lib/agreements/agreement-template";
import type { TemplateChoice } from "@/lib/templates/template-definition";
import { composeNotice } from "./compose-notice";
import { escapeLatex, latexEngineNote } from "./latex-text";

const LICENCE: TemplateChoice = {
  key: "licence",
  question: "Under which licence is the article published?",
  options: [
    {
      value: "cc-by-4.0",
      label: "CC BY 4.0",
      clause: "",
      notice: "Published under a Creative Commons Attribution 4.0 International licence.",
    },
    {
      value: "cc-by-nc-4.0",
      label: "CC BY-NC 4.0",
      clause: "",
      notice: "Published under CC BY-NC 4.0 by {{publisher}}.",
    },
  ],
};
const STATUS: TemplateChoice = {
  key: "work_status",
  question: "Is the work a government work?",
  options: [
    { value: "none", label: "No", clause: "", notice: "" },
    {
      value: "us-gov",
      label: "US Government work",
      clause: "",
      notice: "US Government work, not subject to copyright.",
    },
  ],
};

const values = (authors: string[], articleTitle = "On Things") =>
  placeholderValues({
    articleTitle,
    authors,
    correspondingAuthorName: authors[0],
    publisher: "PMLR",
    proceedingsName: "PMLR 300",
    paperId: "p1",
    issuedAt: new Date("2026-03-01T00:00:00Z"),
  });

describe("the camera-ready notice", () => {
  it("fills the default template's wording with the authors' names when the template asks no choice", () => {
    const notice = composeNotice({
      notice: "© {{year}} {{authors}}. Published under a Creative Commons Attribution 4.0 International licence.",
      values: values(["Ada Lovelace", "Alan Turing"]),
      choices: [],
      answers: [],
    });
    expect(notice.text).toBe(
      "© 2026 Ada Lovelace and Alan Turing. Published under a Creative Commons Attribution 4.0 International licence.",
    );
    expect(notice.latex).toBe(
      "\\textcopyright{} 2026 Ada Lovelace and Alan Turing. Published under a Creative Commons Attribution 4.0 " +
        "International licence.",
    );
    expect(notice.snippet).toBe(
      "% Copyright and licence notice for the camera-ready paper, from the signed publication agreement.\n" +
        "% Plain ASCII: compiles with pdfLaTeX, XeLaTeX or LuaLaTeX.\n" +
        notice.latex,
    );
  });

  it("follows the template's wording: 'The authors.' names nobody", () => {
    const notice = composeNotice({
      notice: "© {{year}} The authors. {{choice:licence}}",
      values: values(["Ada Lovelace"]),
      choices: [LICENCE],
      answers: [{ key: "licence", question: LICENCE.question, value: "cc-by-4.0", label: "CC BY 4.0" }],
    });
    expect(notice.text).toBe(
      "© 2026 The authors. Published under a Creative Commons Attribution 4.0 International licence.",
    );
  });

  it("puts each chosen option's notice line where the template names the choice, and drops empty ones", () => {
    const notice = composeNotice({
      notice: "© {{year}} {{authors}}. {{choice:work_status}} {{choice:licence}}",
      values: values(["Ada"]),
      choices: [LICENCE, STATUS],
      answers: [
        { key: "licence", question: "", value: "cc-by-nc-4.0", label: "CC BY-NC 4.0" },
        { key: "work_status", question: "", value: "none", label: "No" },
      ],
    });
    expect(notice.text).toBe("© 2026 Ada. Published under CC BY-NC 4.0 by PMLR.");
    expect(notice.unanswered).toEqual([]);
    const government = composeNotice({
      notice: "© {{year}} {{authors}}. {{choice:work_status}} {{choice:licence}}",
      values: values(["Ada"]),
      choices: [LICENCE, STATUS],
      answers: [{ key: "work_status", question: "", value: "us-gov", label: "US Government work" }],
    });
    expect(government.text).toBe("© 2026 Ada. US Government work, not subject to copyright.");
    expect(government.unanswered).toEqual(["licence"]);
  });

  it("keeps a name that looks like a placeholder as text", () => {
    const notice = composeNotice({
      notice: "© {{year}} {{authors}}. {{choice:licence}}",
      values: values(["{{choice:licence}} {{year}}"]),
      choices: [LICENCE],
      answers: [],
    });
    expect(notice.text).toBe("© 2026 {{choice:licence}} {{year}}.");
    expect(notice.latex).toBe("\\textcopyright{} 2026 \\{\\{choice:licence\\}\\} \\{\\{year\\}\\}.");
  });

  it("escapes every LaTeX special character in hostile names and leaves non-Latin scripts as UTF-8", () => {
    const notice = composeNotice({
      notice: "© {{year}} {{authors}}.",
      values: values([
        "R&D Team",
        "100% Sure",
        "snake_case",
        "#1 Fan",
        "C:\\temp\\x",
        "{Braces}",
        "王小明",
        "محمد علي",
      ]),
      choices: [],
      answers: [],
    });
    expect(notice.latex).toBe(
      "\\textcopyright{} 2026 R\\&D Team, 100\\% Sure, snake\\_case, \\#1 Fan, C:\\textbackslash{}temp\\textbackslash{}x, " +
        "\\{Braces\\}, 王小明, and محمد علي.",
    );
    expect(notice.snippet.split("\n").slice(1, 4)).toEqual([
      "% UTF-8 with Chinese/Japanese (Han), Arabic text: compile with a Unicode engine (LuaLaTeX or XeLaTeX) and",
      "% \\usepackage{fontspec} with a font that has these characters (e.g. Noto); pdfLaTeX cannot set them.",
      "% Right-to-left text: also load bidi support (babel or polyglossia with bidi=default).",
    ]);
  });
});

describe("text into LaTeX", () => {
  it("writes each character TeX would read as markup, or print as another glyph, as the command that prints it", () => {
    expect(escapeLatex("\\ & % $ # _ { } ~ ^")).toBe(
      "\\textbackslash{} \\& \\% \\$ \\# \\_ \\{ \\} \\textasciitilde{} \\textasciicircum{}",
    );
    expect(escapeLatex(`"Quoted" 'single' ''pair'' \`tick\` <a|b> x--y`)).toBe(
      "\\textquotedbl{}Quoted\\textquotedbl{} 'single' '{}'pair'{}' \\textasciigrave{}tick\\textasciigrave{} " +
        "\\textless{}a\\textbar{}b\\textgreater{} x-{}-y",
    );
    expect(escapeLatex("“Curly” Zoë Ünal")).toBe("“Curly” Zoë Ünal");
    expect(escapeLatex("one\ntwo\\par")).toBe("one two\\textbackslash{}par");
  });

  it("says which engine a snippet needs", () => {
    expect(latexEngineNote("Ada")).toEqual(["% Plain ASCII: compiles with pdfLaTeX, XeLaTeX or LuaLaTeX."]);
    expect(latexEngineNote("Zoë")[0]).toContain("\\usepackage[utf8]{inputenc}");
    expect(latexEngineNote("Žofie Dvořák — “x”")[0]).toContain("\\usepackage[utf8]{inputenc}");
    expect(latexEngineNote("Иван")[0]).toContain("Cyrillic text: compile with a Unicode engine");
    expect(latexEngineNote("ქართული")[0]).toContain("non-Latin text: compile with a Unicode engine");
  });
});
