import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { emailForDelivery } from "@/lib/mail/outbox";
import { AUTHOR, issueTestAgreement, refusal, STAFF } from "@/test/agreement-fixtures";
import { openAgreementForSigning } from "@/lib/agreements/open-agreement-for-signing";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { changeAuthorEmail } from "./change-author-email";

describe("changing the corresponding author's email", () => {
  it("invites the new address with a new link, revokes the old one and keeps the text as issued", async () => {
    const { agreement, token } = await issueTestAgreement();
    const oldLink = await db.signingLink.findFirstOrThrow({ where: { agreementId: agreement.id } });
    const result = await changeAuthorEmail(STAFF, {
      agreementId: agreement.id,
      newEmail: "  Haoyang.Zhang@Example.ORG ",
    });
    expect(result).toMatchObject({
      from: "haoyang@example.org",
      to: "haoyang.zhang@example.org",
      linkExpiresAt: oldLink.expiresAt,
    });

    const stored = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(stored).toMatchObject({
      correspondingAuthorEmail: "haoyang.zhang@example.org",
      text: agreement.text,
      textSha256: agreement.textSha256,
      status: "sent",
    });

    const event = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: agreement.id, type: "agreement.email_changed" },
    });
    expect(event).toMatchObject({ actor: STAFF.actor, ip: STAFF.ip, userAgent: STAFF.userAgent });
    expect(event.data).toMatchObject({
      from: "haoyang@example.org",
      to: "haoyang.zhang@example.org",
      revokedLinkIds: [oldLink.id],
    });

    const email = await db.emailMessage.findFirstOrThrow({
      where: { agreementId: agreement.id, kind: "invitation", to: "haoyang.zhang@example.org" },
    });
    expect(email.subject).toContain("Differentiable Dynamic Quantization");
    const delivered = emailForDelivery(email);
    const newToken = /\/sign\/([A-Za-z0-9_-]{43})/.exec(delivered.text)?.[1] ?? "";
    expect(newToken).not.toBe(token);
    expect(delivered.html).toContain(`http://imprimatur.test:3000/sign/${newToken}`);

    expect(await refusal(openAgreementForSigning(AUTHOR, { token }))).toMatch(/^LINK_REVOKED/);
    expect(await refusal(signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" }))).toMatch(/^LINK_REVOKED/);
    await signAgreement(AUTHOR, { token: newToken, typedName: "Zhang Haoyang" });
    const signed = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: agreement.id, type: "agreement.signed" },
    });
    expect(signed.actor).toBe("author:haoyang.zhang@example.org");
  });

  it("refuses the address the agreement already has, whatever its case", async () => {
    const { agreement } = await issueTestAgreement();
    expect(
      await refusal(changeAuthorEmail(STAFF, { agreementId: agreement.id, newEmail: "HaoYang@example.org" })),
    ).toBe("NOTHING_TO_CHANGE: That is already the corresponding author's email.");
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.email_changed" } })).toBe(
      0,
    );
    expect(await db.signingLink.count({ where: { agreementId: agreement.id, revokedAt: { not: null } } })).toBe(0);
  });

  it("refuses something that is not an email address with the issue form's sentence", async () => {
    const { agreement } = await issueTestAgreement();
    expect(await refusal(changeAuthorEmail(STAFF, { agreementId: agreement.id, newEmail: "haoyang at example" }))).toBe(
      "INVALID_INPUT: Enter an email address like name@example.org.",
    );
  });

  it("refuses once the author has signed", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    expect(await refusal(changeAuthorEmail(STAFF, { agreementId: agreement.id, newEmail: "other@example.org" }))).toBe(
      "AGREEMENT_FINAL: The author's email cannot be changed: the author has already signed this agreement, and a signed agreement is final.",
    );
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).correspondingAuthorEmail).toBe(
      "haoyang@example.org",
    );
  });

  it("of simultaneous changes to the same address one is made and the other told it is already so", async () => {
    const { agreement } = await issueTestAgreement();
    const outcomes = await Promise.all(
      [0, 1, 2].map(() =>
        refusal(changeAuthorEmail(STAFF, { agreementId: agreement.id, newEmail: "new@example.org" })),
      ),
    );
    expect(outcomes.filter((o) => o === "no error")).toHaveLength(1);
    expect(
      outcomes.filter((o) => o === "NOTHING_TO_CHANGE: That is already the corresponding author's email."),
    ).toHaveLength(2);
    expect(await db.emailMessage.count({ where: { agreementId: agreement.id, to: "new@example.org" } })).toBe(1);
    expect(await db.signingLink.count({ where: { agreementId: agreement.id, revokedAt: null } })).toBe(1);
  });
});
