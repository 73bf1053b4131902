import { randomUUID } from "node:crypto";
import type { TemplateChoice } from "@/lib/templates/template-definition";
import { issueTestAgreement } from "./agreement-fixtures";
import { storeTestTemplateVersion } from "./template-fixtures";

// A template that asks what IEEE/ACM authors are asked: the licence, the work's status and
// third-party material (with a short description). Stored straight in the database until the
// staff pages' own save exists (test/template-fixtures.ts).
export const LICENCE_CLAUSE = {
  "cc-by-4.0":
    "The Author grants {{publisher}} a licence to publish “{{article_title}}” under the Creative Commons Attribution 4.0 International licence (CC BY 4.0).",
  "cc-by-nc-4.0":
    "The Author grants {{publisher}} a licence to publish “{{article_title}}” under the Creative Commons Attribution-NonCommercial 4.0 International licence (CC BY-NC 4.0).",
  exclusive: "The Author grants {{publisher}} the exclusive licence to publish “{{article_title}}”.",
};

export const SAMPLE_CHOICES: TemplateChoice[] = [
  {
    key: "licence",
    question: "Under which licence will the article be published?",
    options: [
      { value: "cc-by-4.0", label: "CC BY 4.0", clause: LICENCE_CLAUSE["cc-by-4.0"], notice: "CC BY 4.0" },
      { value: "cc-by-nc-4.0", label: "CC BY-NC 4.0", clause: LICENCE_CLAUSE["cc-by-nc-4.0"], notice: "CC BY-NC 4.0" },
      { value: "exclusive", label: "Exclusive licence to publish", clause: LICENCE_CLAUSE.exclusive, notice: "" },
    ],
  },
  {
    key: "work_status",
    question: "Is the work a government work?",
    options: [
      { value: "none", label: "No", clause: "", notice: "" },
      {
        value: "us-government",
        label: "US Government work",
        clause: "The work is a work of the US Government.",
        notice: "",
      },
      { value: "crown", label: "Crown copyright", clause: "The work is subject to Crown copyright.", notice: "" },
    ],
  },
  {
    key: "third_party",
    question: "Does the article contain third-party material?",
    options: [
      {
        value: "none",
        label: "No third-party material",
        clause: "The article contains no third-party material.",
        notice: "",
      },
      {
        value: "permission",
        label: "Yes, with permission obtained",
        clause: "The Author has obtained permission to reproduce the third-party material in the article.",
        notice: "",
        detail: { label: "Which material, and from whom", maxLength: 200 },
      },
    ],
  },
];

export const CHOICES_BODY = [
  "LICENCE TO PUBLISH",
  "Article: {{article_title}}",
  "1. The Author warrants that the article is original.",
  "{{choice:licence}}",
  "{{choice:work_status}}",
  "2. The Author keeps the copyright.",
  "{{choice:third_party}}",
  "I HAVE READ AND AGREE FULLY WITH THE TERMS OF THIS AGREEMENT.",
].join("\n");

/** A fresh volume whose agreements are issued on the choices template. */
export async function choicesVolume() {
  const volume = `Choices volume ${randomUUID()}`;
  await storeTestTemplateVersion(
    { key: `choices-${randomUUID().slice(0, 8)}`, body: CHOICES_BODY, choices: SAMPLE_CHOICES },
    { volume },
  );
  return volume;
}

/** An agreement issued on the choices template, with the token of its invitation. */
export async function issueChoicesAgreement(overrides: { articleTitle?: string } = {}) {
  return issueTestAgreement({ proceedings: await choicesVolume(), ...overrides });
}

/** The form's answers: CC BY-NC, no government work, third-party material with its description. */
export const NC_ANSWERS = {
  licence: { value: "cc-by-nc-4.0" },
  work_status: { value: "none" },
  third_party: { value: "permission", detail: "Figure 2, from Smith & Wesson (2019)" },
};
