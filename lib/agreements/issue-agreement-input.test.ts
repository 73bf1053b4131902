import { describe, expect, it } from "vitest";
import { issueAgreementInput } from "./issue-agreement-input";
import { SAMPLE_FIELDS } from "@/test/agreement-fixtures";

function messages(fields: Record<string, string>) {
  const result = issueAgreementInput.safeParse({ ...SAMPLE_FIELDS, ...fields });
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path[0], issue.message]));
}

describe("the issue form's fields", () => {
  it("says which fields are required", () => {
    expect(
      messages({
        proceedings: "",
        articleTitle: " ",
        correspondingAuthorName: "",
        correspondingAuthorEmail: "",
        authors: "\n\n",
      }),
    ).toEqual({
      proceedings: "Proceedings is required.",
      articleTitle: "Article title is required.",
      correspondingAuthorName: "Corresponding author is required.",
      correspondingAuthorEmail: "Corresponding author email is required.",
      authors: "All authors is required: list every author, one per line.",
    });
  });

  it("explains a malformed email and the length limits", () => {
    expect(messages({ correspondingAuthorEmail: "not-an-email" }).correspondingAuthorEmail).toBe(
      "Enter an email address like name@example.org.",
    );
    expect(messages({ articleTitle: "t".repeat(501) }).articleTitle).toBe(
      "Article title must be at most 500 characters.",
    );
  });

  it("asks for the corresponding author to be among all authors", () => {
    expect(messages({ authors: "Someone Else" }).authors).toBe("Include the corresponding author in All authors.");
  });

  it("keeps names in any script and lower-cases the email", () => {
    const parsed = issueAgreementInput.parse({
      ...SAMPLE_FIELDS,
      correspondingAuthorName: "Αλέξανδρος Παπαδόπουλος",
      authors: "Αλέξανδρος Παπαδόπουλος\n김민준",
      correspondingAuthorEmail: " Alex@Example.ORG ",
    });
    expect(parsed.correspondingAuthorEmail).toBe("alex@example.org");
    expect(parsed.authors).toEqual(["Αλέξανδρος Παπαδόπουλος", "김민준"]);
  });
});

describe("the issue form refuses text that would show differently to staff and author", () => {
  it("refuses a right-to-left override in the title, naming the field", () => {
    expect(messages({ articleTitle: "Deep \u202Egnirts\u202C Nets" }).articleTitle).toBe(
      "Article title contains an invisible text-direction character (U+202E), which can make it display differently from what is stored; remove it.",
    );
  });

  it("refuses a zero-width space in the author's name, in the field and in the author list", () => {
    expect(messages({ correspondingAuthorName: "Zhang\u200BHaoyang" }).correspondingAuthorName).toBe(
      "Corresponding author contains an invisible zero-width character (U+200B); remove it.",
    );
    expect(messages({ authors: "Zhang Haoyang\nZhang\u200BZhongang" }).authors).toBe(
      "All authors (“Zhang Zhongang”) contains an invisible zero-width character (U+200B); remove it.",
    );
  });

  it("refuses a C1 control in the email, naming the field", () => {
    expect(messages({ correspondingAuthorEmail: "haoyang\u0090@example.org" }).correspondingAuthorEmail).toBe(
      "Corresponding author email contains a control character (U+0090); remove it.",
    );
  });

  it("refuses a line break that would start a new clause in a single-line field", () => {
    expect(messages({ proceedings: "PMLR vol. 139\n8. New clause: the author assigns all rights" }).proceedings).toBe(
      "Proceedings must be on one line: remove the line break.",
    );
    expect(messages({ articleTitle: "Nets\r\n8. New clause" }).articleTitle).toBe(
      "Article title must be on one line: remove the line break.",
    );
    expect(messages({ correspondingAuthorName: "Zhang\tHaoyang" }).correspondingAuthorName).toBe(
      "Corresponding author must be on one line: replace the tab with a space.",
    );
  });

  it("stores a name typed in decomposed form (e + U+0301) in composed form (U+00E9)", () => {
    const parsed = issueAgreementInput.parse({
      ...SAMPLE_FIELDS,
      correspondingAuthorName: "Rene\u0301 Desca\u0308rtes",
      authors: "Rene\u0301 Desca\u0308rtes",
    });
    expect(parsed.correspondingAuthorName).toBe("Ren\u00E9 Desc\u00E4rtes");
    expect(parsed.authors).toEqual(["Ren\u00E9 Desc\u00E4rtes"]);
  });

  it("keeps the zero-width non-joiner a Persian name needs", () => {
    const persian = "نازنین می\u200Cخواه";
    expect(
      issueAgreementInput.parse({ ...SAMPLE_FIELDS, correspondingAuthorName: persian, authors: persian })
        .correspondingAuthorName,
    ).toBe(persian);
  });
});
