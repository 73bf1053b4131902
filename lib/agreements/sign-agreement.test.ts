import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { declineAgreement } from "./decline-agreement";
import { openAgreementForSigning, recordAgreementViewed } from "./open-agreement-for-signing";
import { signAgreement } from "./sign-agreement";

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "no error";
  } catch (error) {
    return isAppError(error) ? error.code : String(error);
  }
}

describe("the author's signing link", () => {
  it("records an opening as a viewed event with IP and browser, and none once signed", async () => {
    const { agreement, token } = await issueTestAgreement();
    const view = await openAgreementForSigning(AUTHOR, { token });
    expect(view.status).toBe("viewed");
    expect(view.text).toBe(agreement.text);
    await recordAgreementViewed(AUTHOR, { token });
    const stored = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(stored.status).toBe("viewed");
    const events = await db.auditEvent.findMany({ where: { agreementId: agreement.id, type: "agreement.viewed" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ ip: AUTHOR.ip, userAgent: AUTHOR.userAgent });
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    await recordAgreementViewed(AUTHOR, { token });
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.viewed" } })).toBe(1);
  });

  it("records the typed name, IP, browser and the server's time of signing", async () => {
    const { agreement, token } = await issueTestAgreement();
    const before = Date.now();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Zhongang" });
    const signed = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(signed).toMatchObject({
      status: "signed",
      signatureName: "Zhang Zhongang",
      signerIp: AUTHOR.ip,
      signerUserAgent: AUTHOR.userAgent,
    });
    expect(signed.signedAt!.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(signed.signedAt!.getTime()).toBeLessThanOrEqual(Date.now() + 5);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: agreement.id, type: "agreement.signed" },
    });
    expect(event.data).toMatchObject({ typedName: "Zhang Zhongang" });
    const seal = await db.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${`seal:${agreement.id}`}`;
    expect(Number(seal[0].n)).toBe(1);
  });

  it("a second signature on the same link is refused as already signed", async () => {
    const { token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    expect(await codeOf(signAgreement(AUTHOR, { token, typedName: "Someone Else" }))).toBe("ALREADY_SIGNED");
    const view = await openAgreementForSigning(AUTHOR, { token });
    expect(view).toMatchObject({ status: "signed", signatureName: "Zhang Haoyang" });
  });

  it("of several simultaneous signatures exactly one is kept", async () => {
    const { agreement, token } = await issueTestAgreement();
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => codeOf(signAgreement(AUTHOR, { token, typedName: `Signer ${i}` }))),
    );
    expect(outcomes.filter((o) => o === "no error")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "ALREADY_SIGNED")).toHaveLength(5);
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.signed" } })).toBe(1);
  });

  it("declining records the reason and closes the link for signing", async () => {
    const { agreement, token } = await issueTestAgreement();
    await declineAgreement(AUTHOR, { token, reason: "The author list is wrong." });
    const stored = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(stored).toMatchObject({ status: "declined", declineReason: "The author list is wrong." });
    expect(await codeOf(signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" }))).toBe("ALREADY_DECLINED");
  });

  it("an unknown, malformed, expired or withdrawn link is refused with its reason", async () => {
    expect(await codeOf(openAgreementForSigning(AUTHOR, { token: "x".repeat(43) }))).toBe("LINK_UNKNOWN");
    expect(await codeOf(openAgreementForSigning(AUTHOR, { token: "../../etc/passwd" }))).toBe("LINK_UNKNOWN");

    const expired = await issueTestAgreement();
    await db.signingLink.updateMany({
      where: { agreementId: expired.agreement.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await codeOf(openAgreementForSigning(AUTHOR, { token: expired.token }))).toBe("LINK_EXPIRED");
    expect(await codeOf(signAgreement(AUTHOR, { token: expired.token, typedName: "Late" }))).toBe("LINK_EXPIRED");

    const voided = await issueTestAgreement();
    await db.agreement.update({ where: { id: voided.agreement.id }, data: { status: "voided" } });
    expect(await codeOf(openAgreementForSigning(AUTHOR, { token: voided.token }))).toBe("AGREEMENT_VOIDED");
  });
});
