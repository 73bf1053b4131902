import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { declineAgreement } from "@/lib/agreements/decline-agreement";
import { reissueAgreement } from "@/lib/agreements/corrections/reissue-agreement";
import { voidAgreement } from "@/lib/agreements/corrections/void-agreement";
import { parseAgreementQuery } from "@/lib/agreements/search/agreement-query";
import { searchAgreements } from "@/lib/agreements/search/search-agreements";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { AUTHOR, STAFF, issueTestAgreement } from "@/test/agreement-fixtures";
import { ATTENTION_ITEMS, attentionHref, type AttentionKey } from "./attention-items";
import { countAttention } from "./count-attention";

const DAY_MS = 86_400_000;

async function issued(sign?: string) {
  const { agreement, token } = await issueTestAgreement({ proceedings: `Desk ${randomUUID()}` });
  if (sign) await signAgreement(AUTHOR, { token, typedName: sign });
  return { id: agreement.id, token };
}

async function emailOf(id: string, status: "failed" | "sent", at: Date) {
  await db.emailMessage.create({
    data: {
      agreementId: id,
      kind: "reminder",
      to: "a@example.org",
      subject: "s",
      text: "t",
      html: "h",
      status,
      createdAt: at,
    },
  });
}

/** Rows that must be counted under each line, and rows that look alike but must not. */
async function arrange(): Promise<Record<AttentionKey, string[]>> {
  const now = Date.now();
  const failed = await issued();
  // Later than the invitation, however slowly the machine issued it: the newest email is what counts.
  await emailOf(failed.id, "failed", new Date(Date.now() + 60_000));
  const failedThenSent = await issued();
  await emailOf(failedThenSent.id, "failed", new Date(Date.now() + 60_000));
  await emailOf(failedThenSent.id, "sent", new Date(Date.now() + 120_000));

  const sealFailed = await issued("Zhang Haoyang");
  await db.agreement.update({ where: { id: sealFailed.id }, data: { sealStatus: "failed", sealError: "unreadable" } });
  const sealWaiting = await issued("Zhang Haoyang");
  await db.agreement.update({
    where: { id: sealWaiting.id },
    data: { sealStatus: "waiting_for_timestamp", sealWaitingSince: new Date() },
  });

  const expiring = await issued();
  await db.signingLink.updateMany({
    where: { agreementId: expiring.id },
    data: { expiresAt: new Date(now + 2 * DAY_MS) },
  });
  const expiringRevoked = await issued();
  await db.signingLink.updateMany({
    where: { agreementId: expiringRevoked.id },
    data: { expiresAt: new Date(now + 2 * DAY_MS), revokedAt: new Date() },
  });
  const expiringButSigned = await issued("Zhang Haoyang");
  await db.signingLink.updateMany({
    where: { agreementId: expiringButSigned.id },
    data: { expiresAt: new Date(now + DAY_MS) },
  });
  const expiringInAWeek = await issued();
  await db.signingLink.updateMany({
    where: { agreementId: expiringInAWeek.id },
    data: { expiresAt: new Date(now + 7 * DAY_MS) },
  });

  const otherName = await issued("Zhang Zhongang");
  await issued("Haoyang Zhang"); // the same name, words swapped: not a mismatch

  const terminating = await issued("Zhang Haoyang");
  await db.agreement.update({ where: { id: terminating.id }, data: { signedAt: new Date(now - 340 * DAY_MS) } });
  const terminated = await issued("Zhang Haoyang");
  await db.agreement.update({ where: { id: terminated.id }, data: { signedAt: new Date(now - 400 * DAY_MS) } });

  const declined = await issued();
  await declineAgreement(AUTHOR, { token: declined.token, reason: "Not our paper." });
  const declinedThenVoided = await issued();
  await declineAgreement(AUTHOR, { token: declinedThenVoided.token, reason: "Wrong venue." });
  await voidAgreement(STAFF, { agreementId: declinedThenVoided.id, reason: "Withdrawn by the authors." });
  const declinedThenReissued = await issued();
  await declineAgreement(AUTHOR, { token: declinedThenReissued.token, reason: "Typo in the title." });
  await reissueAgreement(STAFF, { agreementId: declinedThenReissued.id });

  return {
    email_failed: [failed.id],
    seal_failed: [sealFailed.id],
    seal_waiting_for_timestamp: [sealWaiting.id],
    link_expiring: [expiring.id],
    name_mismatch: [otherName.id],
    termination_due: [terminating.id],
    declined: [declined.id],
  };
}

describe("the staff home's attention counts", () => {
  it("counts each kind of row that needs a look, leaves out look-alikes, and each link lists exactly those rows", async () => {
    const expected = await arrange();
    const counts = await countAttention();
    expect(counts).toEqual(Object.fromEntries(Object.entries(expected).map(([key, ids]) => [key, ids.length])));
    for (const item of ATTENTION_ITEMS) {
      // Follow the link as the browser would: its query string, parsed by the list page's parser.
      const url = new URL(attentionHref(item), "http://imprimatur.test");
      expect(url.pathname).toBe("/staff/agreements");
      const listed = await searchAgreements(parseAgreementQuery(url.searchParams), { pageSize: 100 });
      expect({ key: item.key, ids: listed.rows.map((row) => row.id).sort(), total: listed.total }).toEqual({
        key: item.key,
        ids: [...expected[item.key]].sort(),
        total: counts[item.key],
      });
    }
  });
});
