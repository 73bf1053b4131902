import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { ERROR_MESSAGES } from "@/lib/errors/error-messages";
import { AUTHOR, issueTestAgreement, refusal, STAFF } from "@/test/agreement-fixtures";
import { declineAgreement } from "@/lib/agreements/decline-agreement";
import { openAgreementForSigning } from "@/lib/agreements/open-agreement-for-signing";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { voidAgreement } from "./void-agreement";

describe("voiding an agreement", () => {
  it("withdraws it with the reason, and its link then says so", async () => {
    const { agreement, token } = await issueTestAgreement();
    const result = await voidAgreement(STAFF, {
      agreementId: agreement.id,
      reason: "  The paper was withdrawn from the volume. ",
    });
    const stored = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(stored).toMatchObject({
      status: "voided",
      voidReason: "The paper was withdrawn from the volume.",
      voidedAt: result.voidedAt,
    });

    const event = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: agreement.id, type: "agreement.voided" },
    });
    expect(event).toMatchObject({ actor: STAFF.actor, ip: STAFF.ip, userAgent: STAFF.userAgent });
    expect(event.data).toMatchObject({
      reason: "The paper was withdrawn from the volume.",
      revokedLinkIds: result.revokedLinkIds,
    });
    expect(result.revokedLinkIds).toHaveLength(1);
    expect(await db.signingLink.count({ where: { agreementId: agreement.id, revokedAt: null } })).toBe(0);

    expect(await refusal(openAgreementForSigning(AUTHOR, { token }))).toMatch(/^AGREEMENT_VOIDED/);
    expect(await refusal(signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" }))).toMatch(/^AGREEMENT_VOIDED/);
    expect(ERROR_MESSAGES.AGREEMENT_VOIDED.title).toBe("This agreement has been withdrawn");
  });

  it("may withdraw a declined agreement", async () => {
    const { agreement, token } = await issueTestAgreement();
    await declineAgreement(AUTHOR, { token, reason: "Wrong title." });
    await voidAgreement(STAFF, { agreementId: agreement.id, reason: "Superseded by a corrected submission." });
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).status).toBe("voided");
    expect(await refusal(openAgreementForSigning(AUTHOR, { token }))).toMatch(/^AGREEMENT_VOIDED/);
  });

  it("a signed agreement is final and cannot be voided", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    expect(await refusal(voidAgreement(STAFF, { agreementId: agreement.id, reason: "Changed our mind." }))).toBe(
      "AGREEMENT_FINAL: A signed agreement is final and cannot be voided.",
    );
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).status).toBe("signed");
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.voided" } })).toBe(0);
  });

  it("needs a reason of at most 2000 characters", async () => {
    const { agreement } = await issueTestAgreement();
    expect(await refusal(voidAgreement(STAFF, { agreementId: agreement.id, reason: " \n " }))).toBe(
      "INVALID_INPUT: Give a reason for voiding the agreement.",
    );
    expect(await refusal(voidAgreement(STAFF, { agreementId: agreement.id, reason: "x".repeat(2001) }))).toBe(
      "INVALID_INPUT: The reason must be at most 2000 characters.",
    );
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).status).toBe("sent");
  });

  it("of simultaneous voids one is recorded and the others are told it is already voided", async () => {
    const { agreement } = await issueTestAgreement();
    const outcomes = await Promise.all(
      [1, 2, 3].map((n) => refusal(voidAgreement(STAFF, { agreementId: agreement.id, reason: `Reason ${n}` }))),
    );
    expect(outcomes.filter((o) => o === "no error")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "ALREADY_VOIDED: This agreement has already been voided.")).toHaveLength(2);
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.voided" } })).toBe(1);
  });

  it("a signature and a void at the same moment: exactly one of them happens", async () => {
    const { agreement, token } = await issueTestAgreement();
    const [signed, voided] = await Promise.all([
      refusal(signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" })),
      refusal(voidAgreement(STAFF, { agreementId: agreement.id, reason: "Withdrawn." })),
    ]);
    expect([signed, voided].filter((o) => o === "no error")).toHaveLength(1);
    const events = await db.auditEvent.count({
      where: { agreementId: agreement.id, type: { in: ["agreement.signed", "agreement.voided"] } },
    });
    expect(events).toBe(1);
  });
});
