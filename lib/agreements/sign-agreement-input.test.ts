import { describe, expect, it } from "vitest";
import { signAgreementInput } from "./sign-agreement-input";

describe("the signature form", () => {
  it("requires a typed name and the ticked box, with messages a signer understands", () => {
    const result = signAgreementInput.safeParse({ typedName: "   ", agreed: false });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
    expect(messages).toContain("typedName: Type your full name to sign.");
    expect(messages).toContain("agreed: Tick the box to confirm you have read and agree fully with the terms of this agreement.");
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
