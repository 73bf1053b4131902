import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { declineAgreement } from "@/lib/agreements/decline-agreement";
import { reissueAgreement } from "@/lib/agreements/corrections/reissue-agreement";
import { voidAgreement } from "@/lib/agreements/corrections/void-agreement";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { AUTHOR, STAFF, issueTestAgreement } from "@/test/agreement-fixtures";
import { listDeadlineVolumes } from "./list-deadline-volumes";

const DAY_MS = 86_400_000;

async function volumeWithDeadline(daysFromNow: number) {
  const name = `Deadline ${randomUUID()}`;
  const { agreement, token } = await issueTestAgreement({ proceedings: name });
  await db.proceedings.update({
    where: { id: agreement.proceedingsId },
    data: { deadline: new Date(Date.now() + daysFromNow * DAY_MS), reminderDays: [7, 2, 0] },
  });
  return { id: agreement.proceedingsId, name, first: { id: agreement.id, token } };
}

describe("volumes near their deadline on the staff home", () => {
  it("counts the current agreements by where they stand and the signatures by day", async () => {
    const volume = await volumeWithDeadline(10);
    const more = async () => issueTestAgreement({ proceedings: volume.name, articleTitle: `Paper ${randomUUID()}` });
    await signAgreement(AUTHOR, { token: volume.first.token, typedName: "Zhang Haoyang" });
    const second = await more();
    await signAgreement(AUTHOR, { token: second.token, typedName: "Zhang Haoyang" });
    const twoDaysAgo = new Date(Date.now() - 2 * DAY_MS);
    await db.agreement.update({
      where: { id: second.agreement.id },
      data: {
        signedAt: twoDaysAgo,
        issuedAt: new Date(Date.now() - 3 * DAY_MS),
      },
    });
    const opened = await more();
    await db.agreement.update({ where: { id: opened.agreement.id }, data: { status: "viewed", viewedAt: new Date() } });
    await more(); // sent, not opened
    const declined = await more();
    await declineAgreement(AUTHOR, { token: declined.token, reason: "No." });
    const voided = await more();
    await voidAgreement(STAFF, { agreementId: voided.agreement.id, reason: "Withdrawn paper." });
    // Declined, then reissued: the old one is history; its replacement is a fresh "not opened".
    const replaced = await more();
    await declineAgreement(AUTHOR, { token: replaced.token, reason: "Wrong title." });
    await reissueAgreement(STAFF, { agreementId: replaced.agreement.id });

    const [shown] = (await listDeadlineVolumes()).filter((v) => v.id === volume.id);
    expect(shown.counts).toEqual({ total: 7, signed: 2, opened: 1, notOpened: 2, declined: 1, other: 1 });
    const today = new Date().toISOString().slice(0, 10);
    const before = twoDaysAgo.toISOString().slice(0, 10);
    const signedDays = shown.burnUp.days.filter((d) => d.signed > 0).map((d) => [d.day, d.signed, d.cumulative]);
    expect(signedDays).toEqual([
      [before, 1, 1],
      [today, 1, 2],
    ]);
    expect(shown.burnUp.days.at(-1)?.day).toBe(today);
    // The voided agreement is not to be signed: the line climbs toward the other six.
    expect(shown.burnUp.target).toBe(6);
    expect(shown.burnUp.reminders.map((r) => r.daysBefore)).toEqual([7, 2, 0]);
  });

  it("shows deadlines within six weeks or passed in the last two, soonest first, and no others", async () => {
    const soon = await volumeWithDeadline(5);
    const passed = await volumeWithDeadline(-3);
    const farOff = await volumeWithDeadline(50);
    const longPassed = await volumeWithDeadline(-20);
    const ids = (await listDeadlineVolumes()).map((v) => v.id);
    expect(ids).toContain(soon.id);
    expect(ids).toContain(passed.id);
    expect(ids.indexOf(passed.id)).toBeLessThan(ids.indexOf(soon.id));
    expect(ids).not.toContain(farOff.id);
    expect(ids).not.toContain(longPassed.id);
  });
});
