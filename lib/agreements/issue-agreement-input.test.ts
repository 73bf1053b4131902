import { describe, expect, it } from "vitest";
import { issueAgreementInput } from "./issue-agreement-input";
import { SAMPLE_FIELDS } from "@/test/agreement-fixtures";

function messages(fields: Record<string, string>) {
  const result = issueAgreementInput.safeParse({ ...SAMPLE_FIELDS, ...fields });
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path[0], issue.message]));
}

describe("the issue form's fields", () => {
  it("says which fields are required", () => {
    expect(messages({ proceedings: "", articleTitle: " ", correspondingAuthorName: "", correspondingAuthorEmail: "", authors: "\n\n" })).toEqual({
      proceedings: "Proceedings is required.",
      articleTitle: "Article title is required.",
      correspondingAuthorName: "Corresponding author is required.",
      correspondingAuthorEmail: "Corresponding author email is required.",
      authors: "All authors is required: list every author, one per line.",
    });
  });

  it("explains a malformed email and the length limits", () => {
    expect(messages({ correspondingAuthorEmail: "not-an-email" }).correspondingAuthorEmail).toBe("Enter an email address like name@example.org.");
    expect(messages({ articleTitle: "t".repeat(501) }).articleTitle).toBe("Article title must be at most 500 characters.");
  });

  it("asks for the corresponding author to be among all authors", () => {
    expect(messages({ authors: "Someone Else" }).authors).toBe("Include the corresponding author in All authors.");
  });

  it("keeps names in any script and lower-cases the email", () => {
    const parsed = issueAgreementInput.parse({ ...SAMPLE_FIELDS, correspondingAuthorName: "Αλέξανδρος Παπαδόπουλος", authors: "Αλέξανδρος Παπαδόπουλος\n김민준", correspondingAuthorEmail: " Alex@Example.ORG " });
    expect(parsed.correspondingAuthorEmail).toBe("alex@example.org");
    expect(parsed.authors).toEqual(["Αλέξανδρος Παπαδόπουλος", "김민준"]);
  });
});
