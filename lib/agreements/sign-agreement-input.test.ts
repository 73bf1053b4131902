import { describe, expect, it } from "vitest";
import { declineAgreementInput, signAgreementInput } from "./sign-agreement-input";

describe("the signature form", () => {
  it("requires a typed name and the ticked box, with messages a signer understands", () => {
    const result = signAgreementInput.safeParse({ typedName: "   ", agreed: false });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
    expect(messages).toContain("typedName: Type your full name to sign.");
    expect(messages).toContain(
      "agreed: Tick the box to confirm you have read and agree fully with the terms of this agreement.",
    );
  });

  it("accepts names in any script and tidies whitespace", () => {
    expect(signAgreementInput.parse({ typedName: "  张  浩洋 ", agreed: true }).typedName).toBe("张 浩洋");
    expect(signAgreementInput.parse({ typedName: "محمد عبد الله", agreed: true }).typedName).toBe("محمد عبد الله");
  });

  it("states the length limit", () => {
    const result = signAgreementInput.safeParse({ typedName: "a".repeat(201), agreed: true });
    expect(result.error?.issues[0].message).toBe("Your name must be at most 200 characters.");
  });
});

describe("the signature and decline forms refuse hidden text", () => {
  it("refuses a bidi override in the typed name, naming the field", () => {
    const result = signAgreementInput.safeParse({ typedName: "Zhang \u202EgnayoaH", agreed: true });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      "Your name contains an invisible text-direction character (U+202E), which can make it display differently from what is stored; remove it.",
    ]);
    expect(signAgreementInput.safeParse({ typedName: "Zhang\nHaoyang", agreed: true }).error?.issues[0].message).toBe(
      "Your name must be on one line: remove the line break.",
    );
  });

  it("stores the typed name in NFC", () => {
    expect(signAgreementInput.parse({ typedName: "Zoe\u0308", agreed: true }).typedName).toBe("Zo\u00EB");
  });

  it("keeps the lines of a decline reason but refuses a hidden character in it", () => {
    expect(declineAgreementInput.parse({ reason: "Wrong title.\r\nPlease reissue." }).reason).toBe(
      "Wrong title.\nPlease reissue.",
    );
    expect(declineAgreementInput.safeParse({ reason: "Wrong title.\u200B" }).error?.issues[0].message).toBe(
      "Reason for declining contains an invisible zero-width character (U+200B); remove it.",
    );
  });
});
