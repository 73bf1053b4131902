import { describe, expect, it } from "vitest";
import { inviteStaffInput } from "./staff-input";

describe("inviting a staff member", () => {
  it("refuses an address with a control or invisible character, naming the field", () => {
    expect(
      inviteStaffInput.safeParse({ email: "eve\u0090@example.org", role: "auditor" }).error?.issues[0].message,
    ).toBe("Email contains a control character (U+0090); remove it.");
    expect(
      inviteStaffInput.safeParse({ email: "eve\u200B@example.org", role: "auditor" }).error?.issues[0].message,
    ).toBe("Email contains an invisible zero-width character (U+200B); remove it.");
  });

  it("keeps the usual tidying: surrounding spaces go, the address is lower-cased", () => {
    expect(inviteStaffInput.parse({ email: "  Eve@Example.ORG ", role: "auditor" }).email).toBe("eve@example.org");
    expect(inviteStaffInput.safeParse({ email: "", role: "auditor" }).error?.issues[0].message).toBe(
      "Enter the email address they sign in with.",
    );
  });
});
