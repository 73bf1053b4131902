import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { openSigningLink } from "./open-signing-link";
import { recordPlainSignature } from "./record-plain-signature";
import { signAgreement } from "./sign-agreement";

async function sealJobs(agreementId: string) {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${`seal:${agreementId}`}`;
  return Number(rows[0].n);
}

async function recorded(agreementId: string) {
  const agreement = await db.agreement.findUniqueOrThrow({ where: { id: agreementId } });
  const events = await db.auditEvent.findMany({ where: { agreementId }, orderBy: { id: "asc" } });
  const links = await db.signingLink.findMany({ where: { agreementId } });
  return { agreement, types: events.map((event) => event.type), events, links, jobs: await sealJobs(agreementId) };
}

describe("a plain signature in two statements", () => {
  it("records what the general path records: the agreement signed, the link used, the event, the seal job", async () => {
    const { agreement, token } = await issueTestAgreement();
    const link = await openSigningLink(token, "sign", AUTHOR);
    expect(await recordPlainSignature({ link, typedName: "Zhang Haoyang", language: "de" })).toBe(true);
    const after = await recorded(agreement.id);
    expect(after.agreement).toMatchObject({
      status: "signed",
      sealStatus: "pending",
      signedAt: link.openedAt,
      signatureName: "Zhang Haoyang",
      signerIp: AUTHOR.ip,
      signerUserAgent: AUTHOR.userAgent,
      signedLanguage: "de",
    });
    expect(after.agreement.updatedAt.getTime()).toBeGreaterThanOrEqual(agreement.updatedAt.getTime());
    expect(after.links.map((one) => one.usedAt)).toEqual([link.openedAt]);
    const signed = after.events.filter((event) => event.type === "agreement.signed");
    expect(signed).toHaveLength(1);
    expect(signed[0]).toMatchObject({ actor: link.author.actor, ip: AUTHOR.ip, userAgent: AUTHOR.userAgent });
    expect(signed[0].data).toEqual({
      typedName: "Zhang Haoyang",
      signedAt: link.openedAt.toISOString(),
      language: "de",
      textSha256: agreement.textSha256,
    });
    expect(after.jobs).toBe(1);
  });

  it("leaves a link revoked after it was opened, and its agreement, exactly as they were", async () => {
    const { agreement, token } = await issueTestAgreement();
    const link = await openSigningLink(token, "sign", AUTHOR);
    await db.signingLink.update({ where: { id: link.linkId }, data: { revokedAt: new Date() } });
    const before = await recorded(agreement.id);
    expect(await recordPlainSignature({ link, typedName: "Zhang Haoyang" })).toBe(false);
    expect(await recorded(agreement.id)).toEqual(before);
    // The general path gives the reason.
    await expect(signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" })).rejects.toThrow();
  });

  it("leaves an agreement with co-authors to tell to the general path, which tells them", async () => {
    const { agreement, token } = await issueTestAgreement({
      authors: "Zhang Haoyang\nZhang Zhongang <zhongang@example.org>",
    });
    const link = await openSigningLink(token, "sign", AUTHOR);
    const before = await recorded(agreement.id);
    expect(await recordPlainSignature({ link, typedName: "Zhang Haoyang" })).toBe(false);
    expect(await recorded(agreement.id)).toEqual(before);
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const notices = await db.emailMessage.findMany({ where: { agreementId: agreement.id, kind: "coauthor_notice" } });
    expect(notices.map((notice) => notice.to)).toEqual(["zhongang@example.org"]);
  });

  it("changes nothing on an agreement already signed", async () => {
    const { agreement, token } = await issueTestAgreement();
    const link = await openSigningLink(token, "sign", AUTHOR);
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const before = await recorded(agreement.id);
    expect(await recordPlainSignature({ link, typedName: "Someone Else" })).toBe(false);
    expect(await recorded(agreement.id)).toEqual(before);
  });
});
