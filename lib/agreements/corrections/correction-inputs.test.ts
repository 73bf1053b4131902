import { describe, expect, it } from "vitest";
import { reissueChangesInput, voidAgreementInput } from "./correction-inputs";

describe("the corrections forms", () => {
  it("keep a void reason's lines but refuse hidden characters in it", () => {
    expect(voidAgreementInput.parse({ reason: "Duplicate.\r\nSee the other agreement." }).reason).toBe(
      "Duplicate.\nSee the other agreement.",
    );
    expect(voidAgreementInput.safeParse({ reason: "Duplicate \u202Eetacilpud" }).error?.issues[0].message).toBe(
      "Reason for voiding contains an invisible text-direction character (U+202E), which can make it display differently from what is stored; remove it.",
    );
  });

  it("hold a reissue's title and names to the issue form's rules", () => {
    expect(reissueChangesInput.safeParse({ articleTitle: "Nets\n8. New clause" }).error?.issues[0].message).toBe(
      "Article title must be on one line: remove the line break.",
    );
    expect(
      reissueChangesInput.safeParse({ correspondingAuthorName: "Zhang\u200BHaoyang" }).error?.issues[0].message,
    ).toBe("Corresponding author contains an invisible zero-width character (U+200B); remove it.");
    expect(reissueChangesInput.parse({ articleTitle: "Cafe\u0301 Nets" }).articleTitle).toBe("Caf\u00E9 Nets");
  });
});
