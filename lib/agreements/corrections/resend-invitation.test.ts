import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { emailForDelivery } from "@/lib/mail/outbox";
import { AUTHOR, issueTestAgreement, refusal, STAFF } from "@/test/agreement-fixtures";
import { declineAgreement } from "@/lib/agreements/decline-agreement";
import { openAgreementForSigning } from "@/lib/agreements/open-agreement-for-signing";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { resendInvitation } from "./resend-invitation";
import { voidAgreement } from "./void-agreement";

async function invitations(agreementId: string) {
  const emails = await db.emailMessage.findMany({
    where: { agreementId, kind: "invitation" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return emails.map((email) => ({
    ...email,
    token: /\/sign\/([A-Za-z0-9_-]{43})/.exec(emailForDelivery(email).text)?.[1] ?? "",
  }));
}

describe("resending the invitation", () => {
  it("emails a new link with the same deadline, and the old link now says it was replaced", async () => {
    const { agreement, token } = await issueTestAgreement();
    const before = await db.signingLink.findFirstOrThrow({ where: { agreementId: agreement.id } });
    const result = await resendInvitation(STAFF, { agreementId: agreement.id });
    expect(result).toMatchObject({ resent: true, linkExpiresAt: before.expiresAt });

    const [, resent] = await invitations(agreement.id);
    expect(resent).toMatchObject({ to: "haoyang@example.org", status: "queued" });
    expect(resent.subject).toBe(
      "Please sign the publication agreement for “Differentiable Dynamic Quantization with Mixed Precision and Adaptive resolution”",
    );
    expect(resent.token).not.toBe(token);
    expect(emailForDelivery(resent).text).toContain(`http://imprimatur.test:3000/sign/${resent.token}`);

    const event = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: agreement.id, type: "agreement.invitation_resent" },
    });
    expect(event).toMatchObject({ actor: STAFF.actor, ip: STAFF.ip, userAgent: STAFF.userAgent });
    expect(event.data).toMatchObject({ to: "haoyang@example.org", emailId: resent.id, revokedLinkIds: [before.id] });

    expect(await refusal(openAgreementForSigning(AUTHOR, { token }))).toMatch(
      /^LINK_REVOKED: The publisher has sent a newer link/,
    );
    expect(await refusal(signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" }))).toMatch(/^LINK_REVOKED/);
    const view = await openAgreementForSigning(AUTHOR, { token: resent.token });
    expect(view.expiresAt).toEqual(before.expiresAt);
    await signAgreement(AUTHOR, { token: resent.token, typedName: "Zhang Haoyang" });
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).status).toBe("signed");
  });

  it("is refused once the author has answered or the agreement is withdrawn", async () => {
    const signed = await issueTestAgreement();
    await signAgreement(AUTHOR, { token: signed.token, typedName: "Zhang Haoyang" });
    expect(await refusal(resendInvitation(STAFF, { agreementId: signed.agreement.id }))).toBe(
      "AGREEMENT_FINAL: The invitation cannot be resent: the author has already signed this agreement, and a signed agreement is final.",
    );

    const declined = await issueTestAgreement();
    await declineAgreement(AUTHOR, { token: declined.token, reason: "Wrong title." });
    expect(await refusal(resendInvitation(STAFF, { agreementId: declined.agreement.id }))).toBe(
      "AGREEMENT_CLOSED: The invitation cannot be resent: the author declined this agreement; reissue it to ask again.",
    );

    const voided = await issueTestAgreement();
    await voidAgreement(STAFF, { agreementId: voided.agreement.id, reason: "Paper withdrawn." });
    expect(await refusal(resendInvitation(STAFF, { agreementId: voided.agreement.id }))).toBe(
      "AGREEMENT_CLOSED: The invitation cannot be resent: this agreement has been voided; reissue it to ask the author again.",
    );
    expect(
      await db.emailMessage.count({
        where: {
          agreementId: { in: [signed.agreement.id, declined.agreement.id, voided.agreement.id] },
          kind: "invitation",
        },
      }),
    ).toBe(3);
  });

  it("is refused once the link has expired, since only a reissue sets a new deadline", async () => {
    const { agreement } = await issueTestAgreement();
    await db.signingLink.updateMany({
      where: { agreementId: agreement.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await refusal(resendInvitation(STAFF, { agreementId: agreement.id }))).toBe(
      "AGREEMENT_CLOSED: The invitation cannot be resent: the signing link has expired; reissue the agreement to give the author a new link.",
    );
    await db.agreement.update({ where: { id: agreement.id }, data: { status: "expired" } });
    expect(await refusal(resendInvitation(STAFF, { agreementId: agreement.id }))).toBe(
      "AGREEMENT_CLOSED: The invitation cannot be resent: this agreement has expired; reissue it to give the author a new link.",
    );
  });

  it("an unknown agreement is not found", async () => {
    expect(await refusal(resendInvitation(STAFF, { agreementId: "nope" }))).toBe(
      "NOT_FOUND: There is no agreement with this id.",
    );
  });

  it("of simultaneous resends one takes effect: one email, one event, one working link", async () => {
    const { agreement } = await issueTestAgreement();
    const results = await Promise.all(
      Array.from({ length: 4 }, () => resendInvitation(STAFF, { agreementId: agreement.id })),
    );
    expect(results.filter((r) => r.resent)).toHaveLength(1);
    expect(
      await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.invitation_resent" } }),
    ).toBe(1);
    const emails = await invitations(agreement.id);
    expect(emails).toHaveLength(2);
    expect(await db.signingLink.count({ where: { agreementId: agreement.id, revokedAt: null } })).toBe(1);
    expect((await openAgreementForSigning(AUTHOR, { token: emails[1].token })).agreementId).toBe(agreement.id);
  });
});
