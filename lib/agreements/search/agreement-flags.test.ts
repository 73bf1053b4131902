import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { signAgreement } from "../sign-agreement";
import { parseAgreementQuery } from "./agreement-query";
import { searchAgreements } from "./search-agreements";

const DAY_MS = 86_400_000;

/** Issues (and optionally signs) one agreement in a volume of its own. */
async function agreementIn(options: { sign?: string; author?: string } = {}) {
  const proceedings = `Flags ${randomUUID()}`;
  const author = options.author ?? "Zhang Haoyang";
  const { agreement, token } = await issueTestAgreement({
    proceedings,
    correspondingAuthorName: author,
    authors: `${author}\nZhang Zhongang`,
  });
  if (options.sign) await signAgreement(AUTHOR, { token, typedName: options.sign });
  return { id: agreement.id, volume: agreement.proceedingsId };
}

async function flagsOf(id: string, volume: string, now?: Date) {
  const result = await searchAgreements(parseAgreementQuery({ volume }), { now });
  return result.rows.find((row) => row.id === id)?.flags ?? [];
}

async function flaggedIds(volume: string, flag: string) {
  return (await searchAgreements(parseAgreementQuery({ volume, flag }))).rows.map((row) => row.id);
}

describe("flags on the staff list", () => {
  it("flags a signature that is not the invited author's name (the PMLR case), but not a change of word order or case", async () => {
    const mismatch = await agreementIn({ sign: "Zhang Zhongang" });
    expect(await flagsOf(mismatch.id, mismatch.volume)).toEqual([
      { flag: "name_mismatch", reason: "Signed as “Zhang Zhongang”, invited “Zhang Haoyang”" },
    ]);
    expect(await flaggedIds(mismatch.volume, "name_mismatch")).toEqual([mismatch.id]);
    for (const typed of ["Haoyang Zhang", "  zhang   HAOYANG ", "Zhang Haoyang"]) {
      const same = await agreementIn({ sign: typed });
      expect(await flagsOf(same.id, same.volume)).toEqual([]);
      expect(await flaggedIds(same.volume, "name_mismatch")).toEqual([]);
    }
    const chinese = await agreementIn({ author: "张浩洋", sign: "张 浩洋" });
    expect((await flagsOf(chinese.id, chinese.volume)).map((f) => f.flag)).toEqual(["name_mismatch"]);
  });

  it("flags a failed newest email with the server's answer, and a failed seal with its error", async () => {
    const { id, volume } = await agreementIn();
    await db.emailMessage.updateMany({
      where: { agreementId: id },
      data: { status: "failed", lastError: "550 5.1.1 <haoyang@example.org>: mailbox unavailable" },
    });
    expect(await flagsOf(id, volume)).toEqual([
      {
        flag: "email_failed",
        reason: "The invitation email failed: 550 5.1.1 <haoyang@example.org>: mailbox unavailable",
      },
    ]);
    expect(await flaggedIds(volume, "email_failed")).toEqual([id]);
    // A newer email that went out clears the flag: it is the newest email that counts.
    await db.emailMessage.create({
      data: {
        agreementId: id,
        kind: "reminder",
        to: "haoyang@example.org",
        subject: "s",
        text: "t",
        html: "h",
        status: "sent",
        createdAt: new Date(Date.now() + 1000),
      },
    });
    expect(await flaggedIds(volume, "email_failed")).toEqual([]);

    const sealed = await agreementIn({ sign: "Zhang Haoyang" });
    await db.agreement.update({
      where: { id: sealed.id },
      data: { sealStatus: "failed", sealError: "certificate unreadable" },
    });
    expect(await flagsOf(sealed.id, sealed.volume)).toEqual([
      { flag: "seal_failed", reason: "Sealing the signed PDF failed: certificate unreadable" },
    ]);
    expect(await flaggedIds(sealed.volume, "seal_failed")).toEqual([sealed.id]);
  });

  it("flags an open agreement whose newest unrevoked link expires within 3 days", async () => {
    const { id, volume } = await agreementIn();
    expect(await flaggedIds(volume, "link_expiring")).toEqual([]);
    const expiresAt = new Date(Date.now() + 2 * DAY_MS);
    await db.signingLink.updateMany({ where: { agreementId: id }, data: { expiresAt } });
    expect(await flagsOf(id, volume)).toEqual([
      {
        flag: "link_expiring",
        reason: `The signing link expires ${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
      },
    ]);
    expect(await flaggedIds(volume, "link_expiring")).toEqual([id]);
    // A revoked link does not count: the author was sent a newer one.
    await db.signingLink.updateMany({ where: { agreementId: id }, data: { revokedAt: new Date() } });
    expect(await flaggedIds(volume, "link_expiring")).toEqual([]);
  });

  it("warns 30 days before clause 7 terminates an unpublished agreement, and shows it terminated after a year", async () => {
    const { id, volume } = await agreementIn({ sign: "Zhang Haoyang" });
    expect(await flagsOf(id, volume)).toEqual([]);
    const signedAt = new Date(Date.now() - 340 * DAY_MS);
    await db.agreement.update({ where: { id }, data: { signedAt } });
    const anniversary = new Date(signedAt);
    anniversary.setUTCFullYear(anniversary.getUTCFullYear() + 1);
    const day = anniversary.toISOString().slice(0, 10);
    expect(await flagsOf(id, volume)).toEqual([
      { flag: "termination_due", reason: `Terminates on ${day} unless published (clause 7)` },
    ]);
    expect(await flaggedIds(volume, "termination_due")).toEqual([id]);
    expect(await flaggedIds(volume, "terminated")).toEqual([]);

    const longAgo = new Date(Date.now() - 400 * DAY_MS);
    await db.agreement.update({ where: { id }, data: { signedAt: longAgo } });
    const ended = new Date(longAgo);
    ended.setUTCFullYear(ended.getUTCFullYear() + 1);
    expect(await flagsOf(id, volume)).toEqual([
      {
        flag: "terminated",
        reason: `Terminated on ${ended.toISOString().slice(0, 10)}: not published within a year of signing (clause 7)`,
      },
    ]);
    expect(await flaggedIds(volume, "terminated")).toEqual([id]);
    expect(await flaggedIds(volume, "termination_due")).toEqual([]);

    // Published late is still terminated; published in time clears both flags.
    await db.agreement.update({ where: { id }, data: { publishedAt: new Date(Date.now() - 10 * DAY_MS) } });
    expect(await flaggedIds(volume, "terminated")).toEqual([id]);
    await db.agreement.update({ where: { id }, data: { publishedAt: new Date(longAgo.getTime() + 100 * DAY_MS) } });
    expect(await flagsOf(id, volume)).toEqual([]);
  });

  it("lets the clock be passed in, so a warning can be checked for any day", async () => {
    const { id, volume } = await agreementIn({ sign: "Zhang Haoyang" });
    expect((await flagsOf(id, volume, new Date(Date.now() + 336 * DAY_MS))).map((f) => f.flag)).toEqual([
      "termination_due",
    ]);
    expect((await flagsOf(id, volume, new Date(Date.now() + 367 * DAY_MS))).map((f) => f.flag)).toEqual(["terminated"]);
  });
});
