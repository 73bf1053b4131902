import { describe, expect, it } from "vitest";
import type { AgreementPlaceholderValues, ChoiceAnswer, TemplateChoice } from "@/lib/templates/template-definition";
import { checkChoiceAnswers } from "./choice-answers";
import { signedAgreementText } from "./signed-text";

const VALUES: AgreementPlaceholderValues = {
  article_title: "On {{publisher}} & Co",
  authors: "Ada and Charles",
  corresponding_author: "Ada",
  publisher: "PMLR",
  proceedings: "Vol. 1",
  year: "2026",
  paper_id: "P1",
};
const CHOICES: TemplateChoice[] = [
  {
    key: "licence",
    question: "Licence?",
    options: [
      { value: "by", label: "CC BY", clause: "{{publisher}} publishes “{{article_title}}” under CC BY.", notice: "" },
      { value: "none", label: "None", clause: "", notice: "" },
    ],
  },
  {
    key: "extra",
    question: "Extra?",
    options: [
      { value: "yes", label: "Yes", clause: "Extra clause line one.\nExtra clause line two.", notice: "" },
      { value: "no", label: "No", clause: "", notice: "" },
    ],
  },
];
const answer = (key: string, value: string): ChoiceAnswer => ({ key, question: "?", value, label: value });

describe("the text the author signs", () => {
  it("puts the chosen clause, placeholders filled once, where its line stands", () => {
    const text = "TITLE\n1. First.\n  {{choice:licence}}  \n2. Second.\n{{choice:extra}}";
    expect(signedAgreementText(text, CHOICES, [answer("licence", "by"), answer("extra", "no")], VALUES)).toBe(
      "TITLE\n1. First.\nPMLR publishes “On {{publisher}} & Co” under CC BY.\n2. Second.",
    );
  });

  it("an option without a clause leaves no line; a question the text has no line for is signed after it", () => {
    const text = "TITLE\n{{choice:licence}}\nEND";
    expect(signedAgreementText(text, CHOICES, [answer("licence", "none"), answer("extra", "yes")], VALUES)).toBe(
      "TITLE\nEND\nExtra clause line one.\nExtra clause line two.",
    );
  });

  it("leaves a line of a question nobody answered as it is", () => {
    expect(signedAgreementText("TITLE\n{{choice:other}}", CHOICES, [answer("licence", "by")], VALUES)).toBe(
      "TITLE\n{{choice:other}}\nPMLR publishes “On {{publisher}} & Co” under CC BY.",
    );
  });
});

describe("checking the author's answers", () => {
  it("copies each answer with its question and label, in the template's order", () => {
    const checked = checkChoiceAnswers(CHOICES, { extra: { value: "no" }, licence: { value: "by" } });
    expect(checked).toEqual({
      ok: true,
      answers: [
        { key: "licence", question: "Licence?", value: "by", label: "CC BY" },
        { key: "extra", question: "Extra?", value: "no", label: "No" },
      ],
    });
  });

  it("refuses a description with a hidden direction override, naming the field", () => {
    const withDetail: TemplateChoice[] = [
      {
        key: "third_party",
        question: "Third-party material?",
        options: [
          { value: "no", label: "No", clause: "", notice: "" },
          { value: "yes", label: "Yes", clause: "", notice: "", detail: { label: "Which material", maxLength: 50 } },
        ],
      },
    ];
    const checked = checkChoiceAnswers(withDetail, { third_party: { value: "yes", detail: "Figure \u202E1" } });
    expect(checked.ok).toBe(false);
    expect(Object.keys(!checked.ok ? checked.fieldErrors : {})).toEqual(["choice.third_party.yes.detail"]);
    expect(checkChoiceAnswers(withDetail, { third_party: { value: "no", detail: "ignored" } })).toEqual({
      ok: true,
      answers: [{ key: "third_party", question: "Third-party material?", value: "no", label: "No" }],
    });
  });
});
