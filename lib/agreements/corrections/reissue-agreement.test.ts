import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { emailForDelivery } from "@/lib/mail/outbox";
import { sha256Hex } from "@/lib/crypto/hashing";
import { AUTHOR, issueTestAgreement, refusal, STAFF } from "@/test/agreement-fixtures";
import { declineAgreement } from "@/lib/agreements/decline-agreement";
import { openAgreementForSigning } from "@/lib/agreements/open-agreement-for-signing";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { REPLACED_REASON, reissueAgreement } from "./reissue-agreement";

const NEW_TITLE = "Differentiable Dynamic Quantization with Mixed Precision and Adaptive Resolution";

async function invitationToken(agreementId: string) {
  const email = await db.emailMessage.findFirstOrThrow({ where: { agreementId, kind: "invitation" } });
  return { email, token: /\/sign\/([A-Za-z0-9_-]{43})/.exec(emailForDelivery(email).text)?.[1] ?? "" };
}

let papers = 0;

async function declinedAgreement() {
  const issued = await issueTestAgreement();
  const paperId = `paper-${++papers}`;
  await db.agreement.update({ where: { id: issued.agreement.id }, data: { paperId } });
  await declineAgreement(AUTHOR, { token: issued.token, reason: "The title has a typo." });
  return { ...issued, paperId };
}

describe("reissuing an agreement", () => {
  it("replaces a declined agreement with a freshly rendered one that takes over the paper", async () => {
    const { agreement: old, paperId } = await declinedAgreement();
    const changes = {
      articleTitle: NEW_TITLE,
      correspondingAuthorEmail: "Zhongang@Example.org",
      correspondingAuthorName: "Zhang Zhongang",
      authors: "Zhang Haoyang\nZhang Zhongang",
    };
    const { agreement, supersedes, voidedPrevious } = await reissueAgreement(STAFF, { agreementId: old.id, changes });
    expect({ supersedes, voidedPrevious }).toEqual({ supersedes: old.id, voidedPrevious: false });
    expect(agreement).toMatchObject({
      status: "sent",
      supersedesId: old.id,
      paperId,
      proceedingsId: old.proceedingsId,
      correspondingAuthorEmail: "zhongang@example.org",
    });
    expect(agreement.text).toContain(`${NEW_TITLE}.`);
    expect(agreement.text).toContain("Zhang Zhongang.");
    expect(agreement.textSha256).toBe(sha256Hex(agreement.text));
    expect(agreement.textSha256).not.toBe(old.textSha256);
    expect(await db.agreement.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({
      status: "declined",
      paperId: null,
      text: old.text,
    });

    const oldEvent = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: old.id, type: "agreement.reissued" },
    });
    expect(oldEvent).toMatchObject({ actor: STAFF.actor, ip: STAFF.ip, userAgent: STAFF.userAgent });
    expect(oldEvent.data).toMatchObject({
      supersededBy: agreement.id,
      previousStatus: "declined",
      changed: ["articleTitle", "correspondingAuthorName", "correspondingAuthorEmail"],
    });
    const issued = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: agreement.id, type: "agreement.issued" },
    });
    expect(issued).toMatchObject({ actor: STAFF.actor, ip: STAFF.ip });
    expect(issued.data).toMatchObject({
      supersedes: old.id,
      to: "zhongang@example.org",
      textSha256: agreement.textSha256,
    });

    const { email, token } = await invitationToken(agreement.id);
    expect(email).toMatchObject({
      to: "zhongang@example.org",
      subject: `Please sign the publication agreement for “${NEW_TITLE}”`,
    });
    expect(emailForDelivery(email).text).toContain(`http://imprimatur.test:3000/sign/${token}`);
    expect((await openAgreementForSigning(AUTHOR, { token })).articleTitle).toBe(NEW_TITLE);
    await signAgreement(AUTHOR, { token, typedName: "Zhang Zhongang" });
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).status).toBe("signed");
  });

  it("replaces an open agreement whose title changed, voiding the old one in the same step", async () => {
    const { agreement: old, token: oldToken } = await issueTestAgreement();
    const { agreement } = await reissueAgreement(STAFF, { agreementId: old.id, changes: { articleTitle: NEW_TITLE } });
    expect(await db.agreement.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({
      status: "voided",
      voidReason: REPLACED_REASON,
    });
    const types = (
      await db.auditEvent.findMany({ where: { agreementId: old.id, actor: STAFF.actor }, orderBy: { id: "asc" } })
    ).map((e) => e.type);
    expect(types).toEqual(["agreement.voided", "agreement.reissued"]);
    expect(await refusal(openAgreementForSigning(AUTHOR, { token: oldToken }))).toMatch(/^AGREEMENT_VOIDED/);
    const { token } = await invitationToken(agreement.id);
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
  });

  it("gives an expired agreement a new link for the volume's full period, and the old link points to it", async () => {
    const { agreement: old, token: oldToken } = await issueTestAgreement();
    await db.proceedings.update({ where: { id: old.proceedingsId }, data: { linkExpiryDays: 10 } });
    await db.signingLink.updateMany({
      where: { agreementId: old.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await db.agreement.update({ where: { id: old.id }, data: { status: "expired" } });
    const { agreement } = await reissueAgreement(STAFF, { agreementId: old.id });
    const link = await db.signingLink.findFirstOrThrow({ where: { agreementId: agreement.id } });
    const days = (link.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(9.9);
    expect(days).toBeLessThanOrEqual(10);
    expect(agreement.text).toBe(old.text);
    expect(await refusal(openAgreementForSigning(AUTHOR, { token: oldToken }))).toMatch(/^LINK_REVOKED/);
  });

  it("refuses an open agreement when what the author signs is unchanged", async () => {
    const { agreement } = await issueTestAgreement();
    const sentence =
      "NOTHING_TO_CHANGE: This agreement is still open and what the author signs is unchanged: resend the invitation or change the author's email instead of reissuing it.";
    expect(await refusal(reissueAgreement(STAFF, { agreementId: agreement.id }))).toBe(sentence);
    expect(
      await refusal(
        reissueAgreement(STAFF, {
          agreementId: agreement.id,
          changes: { correspondingAuthorEmail: "new@example.org" },
        }),
      ),
    ).toBe(sentence);
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).status).toBe("sent");
  });

  it("a signed agreement is final and cannot be reissued", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    expect(
      await refusal(reissueAgreement(STAFF, { agreementId: agreement.id, changes: { articleTitle: NEW_TITLE } })),
    ).toBe("AGREEMENT_FINAL: A signed agreement is final; it cannot be reissued.");
  });

  it("an agreement already reissued points to the newer one", async () => {
    const { agreement: old } = await declinedAgreement();
    const { agreement } = await reissueAgreement(STAFF, { agreementId: old.id });
    expect(await refusal(reissueAgreement(STAFF, { agreementId: old.id }))).toBe(
      `ALREADY_REISSUED: This agreement has already been reissued as agreement ${agreement.id}; reissue that one instead.`,
    );
  });

  it("checks the changes with the issue form's rules", async () => {
    const { agreement: old } = await declinedAgreement();
    expect(
      await refusal(reissueAgreement(STAFF, { agreementId: old.id, changes: { correspondingAuthorEmail: "nobody" } })),
    ).toBe("INVALID_INPUT: Enter an email address like name@example.org.");
    expect(await refusal(reissueAgreement(STAFF, { agreementId: old.id, changes: { articleTitle: "  " } }))).toBe(
      "INVALID_INPUT: Article title is required.",
    );
    expect(
      await refusal(
        reissueAgreement(STAFF, { agreementId: old.id, changes: { correspondingAuthorName: "Someone Else" } }),
      ),
    ).toBe("INVALID_INPUT: Include the corresponding author in All authors.");
    expect(await db.agreement.count({ where: { supersedesId: old.id } })).toBe(0);
  });

  it("of simultaneous reissues exactly one makes a new agreement", async () => {
    const { agreement: old, paperId } = await declinedAgreement();
    const outcomes = await Promise.all([1, 2, 3].map(() => refusal(reissueAgreement(STAFF, { agreementId: old.id }))));
    expect(outcomes.filter((o) => o === "no error")).toHaveLength(1);
    expect(outcomes.filter((o) => o.includes("has already been reissued as agreement"))).toHaveLength(2);
    expect(await db.agreement.count({ where: { supersedesId: old.id } })).toBe(1);
    expect(await db.agreement.count({ where: { paperId } })).toBe(1);
    expect(await db.auditEvent.count({ where: { agreementId: old.id, type: "agreement.reissued" } })).toBe(1);
  });
});
