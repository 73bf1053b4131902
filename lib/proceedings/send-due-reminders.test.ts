import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { emailForDelivery } from "@/lib/mail/outbox";
import { taskList } from "@/lib/worker/task-list";
import { declineAgreement } from "@/lib/agreements/decline-agreement";
import { openAgreementForSigning, recordAgreementViewed } from "@/lib/agreements/open-agreement-for-signing";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { formatUtc } from "@/lib/dates/format-utc";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { runQueuedJobs } from "@/test/run-queued-jobs";
import { seedOpenAgreements } from "@/scripts/bench/seed-open-agreements";
import { sendDueReminders } from "./send-due-reminders";
import { smtpSinkForThisFile } from "@/test/mail-sink";

const smtpSink = smtpSinkForThisFile();

const DAY = 24 * 60 * 60 * 1000;
const TOKEN = /\/sign\/([A-Za-z0-9_-]{43})/;

/** An agreement issued ten days ago (before any reminder day) in a volume with this deadline. */
async function issuedEarlier(proceedings: string, deadline: Date | null, overrides: { articleTitle?: string } = {}) {
  const issued = await issueTestAgreement({ proceedings, ...overrides });
  await db.agreement.update({
    where: { id: issued.agreement.id },
    data: { issuedAt: new Date(Date.now() - 10 * DAY) },
  });
  await db.proceedings.update({ where: { name: proceedings }, data: { deadline } });
  return issued;
}

const remindersOf = (agreementId: string) =>
  db.emailMessage.findMany({ where: { agreementId, kind: "reminder" }, orderBy: { createdAt: "asc" } });

describe("reminders before a volume's deadline", () => {
  it("reminds each open agreement once for the day that is due, even when two runs race", async () => {
    const volume = "Reminder Volume A";
    const deadline = new Date(Date.now() + 3 * DAY);
    const sent = await issuedEarlier(volume, deadline, { articleTitle: "Sent <b>bold</b> & Open" });
    const viewed = await issuedEarlier(volume, deadline, { articleTitle: "Viewed Paper" });
    await recordAgreementViewed(AUTHOR, { token: viewed.token });
    const signed = await issuedEarlier(volume, deadline, { articleTitle: "Signed Paper" });
    await signAgreement(AUTHOR, { token: signed.token, typedName: "Zhang Haoyang" });
    const declined = await issuedEarlier(volume, deadline, { articleTitle: "Declined Paper" });
    await declineAgreement(AUTHOR, { token: declined.token, reason: "Withdrawn" });
    const expired = await issuedEarlier(volume, deadline, { articleTitle: "Expired Paper" });
    await db.agreement.update({ where: { id: expired.agreement.id }, data: { status: "expired" } });
    const replaced = await issuedEarlier(volume, deadline, { articleTitle: "Replaced Paper" });
    const replacement = await issuedEarlier(volume, deadline, { articleTitle: "Replacement Paper" });
    await db.agreement.update({
      where: { id: replacement.agreement.id },
      data: { supersedesId: replaced.agreement.id },
    });

    const runs = await Promise.all([sendDueReminders(), sendDueReminders(), sendDueReminders()]);
    expect(runs.reduce((total, run) => total + run.queued, 0)).toBe(3);
    for (const open of [sent, viewed, replacement]) {
      const reminders = await remindersOf(open.agreement.id);
      expect(reminders.map((email) => email.dedupeKey)).toEqual([`reminder:${open.agreement.id}:7`]);
      const events = await db.auditEvent.findMany({
        where: { agreementId: open.agreement.id, type: "agreement.reminded" },
      });
      expect(events.map((event) => event.data)).toEqual([
        expect.objectContaining({ days: 7, emailId: reminders[0].id }),
      ]);
    }
    for (const closed of [signed, declined, expired, replaced])
      expect(await remindersOf(closed.agreement.id)).toEqual([]);
    expect(await sendDueReminders()).toEqual({ queued: 0 });

    const [email] = await remindersOf(sent.agreement.id);
    expect(email).toMatchObject({ to: "haoyang@example.org", status: "queued" });
    expect(email.subject).toBe(
      `Reminder: please sign the publication agreement for “Sent <b>bold</b> & Open” by ${formatUtc(deadline)}`,
    );
    expect(email.text).toContain(volume);
    expect(email.html).toContain("“Sent &lt;b&gt;bold&lt;/b&gt; &amp; Open”");
    expect(email.html).not.toContain("<b>bold</b>");
    expect((await verifyAuditChain()).intact).toBe(true);
  });

  it("carries a new link with the first link's expiry, and the first link keeps working", async () => {
    const { agreement, token } = await issuedEarlier("Reminder Volume B", new Date(Date.now() + DAY));
    await sendDueReminders();
    const [email] = await remindersOf(agreement.id);
    const delivered = emailForDelivery(email);
    const reminderToken = TOKEN.exec(delivered.text)![1];
    expect(reminderToken).not.toBe(token);
    expect(delivered.html).toContain(`/sign/${reminderToken}`);
    const first = await openAgreementForSigning(AUTHOR, { token });
    const fromReminder = await openAgreementForSigning(AUTHOR, { token: reminderToken });
    expect(fromReminder.agreementId).toBe(agreement.id);
    expect(first.agreementId).toBe(agreement.id);
    expect(fromReminder.expiresAt).toEqual(first.expiresAt);
    expect(email.text).toContain(formatUtc(first.expiresAt));
    await signAgreement(AUTHOR, { token: reminderToken, typedName: "Zhang Haoyang" });
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).status).toBe("signed");
  });

  it("sends each reminder day's reminder when its moment comes, and none long after the deadline", async () => {
    const deadline = new Date(Date.now() + 20 * DAY);
    const { agreement } = await issuedEarlier("Reminder Volume C", deadline);
    const at = (offset: number) => new Date(deadline.getTime() + offset);
    expect(await sendDueReminders(at(-7 * DAY - 60_000))).toEqual({ queued: 0 });
    expect(await sendDueReminders(at(-7 * DAY))).toEqual({ queued: 1 });
    expect(await sendDueReminders(at(-3 * DAY))).toEqual({ queued: 0 });
    expect(await sendDueReminders(at(-2 * DAY + 1))).toEqual({ queued: 1 });
    expect(await sendDueReminders(at(0))).toEqual({ queued: 1 });
    expect(await sendDueReminders(at(DAY / 2))).toEqual({ queued: 0 });
    expect((await remindersOf(agreement.id)).map((email) => email.dedupeKey)).toEqual(
      [7, 2, 0].map((d) => `reminder:${agreement.id}:${d}`),
    );
  });

  it("sends only the most urgent of several missed days, and nothing past the deadline's grace day", async () => {
    const { agreement } = await issuedEarlier("Reminder Volume D", new Date(Date.now() + DAY));
    await db.proceedings.update({ where: { name: "Reminder Volume D" }, data: { reminderDays: [14, 7, 2] } });
    expect(await sendDueReminders()).toEqual({ queued: 1 });
    expect((await remindersOf(agreement.id)).map((email) => email.dedupeKey)).toEqual([`reminder:${agreement.id}:2`]);
    const late = await issuedEarlier("Reminder Volume E", new Date(Date.now() - DAY - 60_000));
    expect(await sendDueReminders()).toEqual({ queued: 0 });
    expect(await remindersOf(late.agreement.id)).toEqual([]);
  });

  it("does not remind before the first reminder day, without a deadline, or right after the invitation", async () => {
    const early = await issuedEarlier("Reminder Volume F", new Date(Date.now() + 8 * DAY));
    const undated = await issuedEarlier("Reminder Volume G", null);
    const fresh = await issueTestAgreement({ proceedings: "Reminder Volume H" });
    await db.proceedings.update({
      where: { name: "Reminder Volume H" },
      data: { deadline: new Date(Date.now() + DAY) },
    });
    expect(await sendDueReminders()).toEqual({ queued: 0 });
    for (const { agreement } of [early, undated, fresh]) expect(await remindersOf(agreement.id)).toEqual([]);
  });

  it("delivers each reminder once over SMTP after two workers swept at the same moment", async () => {
    await issueTestAgreement({ proceedings: "Reminder Template Source 2" });
    const owner = new pg.Client({ connectionString: process.env.TEST_OWNER_DATABASE_URL });
    await owner.connect();
    try {
      const due = { count: 60, linkHoursFromNow: 10 * 24, deadlineHoursFromNow: 36 };
      await seedOpenAgreements(owner, { volume: "Delivered Volume", ...due });
    } finally {
      await owner.end();
    }
    const runs = await Promise.all([sendDueReminders(), sendDueReminders()]);
    expect(runs[0].queued + runs[1].queued).toBe(60);
    await Promise.all([runQueuedJobs(taskList), runQueuedJobs(taskList)]);
    // Seeded authors are author<n>@univ.example; other tests' authors are not.
    const recipients = smtpSink()
      .mails.filter((mail) => mail.subject?.startsWith("Reminder:"))
      .map((mail) => (mail.to && "text" in mail.to ? mail.to.text : ""))
      .filter((to) => /^author\d+@univ\.example$/.test(to));
    expect(recipients).toHaveLength(60);
    expect(new Set(recipients).size).toBe(60);
    expect(
      await db.emailMessage.count({ where: { kind: "reminder", to: { endsWith: "@univ.example" }, status: "sent" } }),
    ).toBe(60);
  }, 60_000);

  it("sends each of a volume's 1,500 due reminders exactly once when two sweeps run at the same moment", async () => {
    await issueTestAgreement({ proceedings: "Reminder Template Source" });
    const owner = new pg.Client({ connectionString: process.env.TEST_OWNER_DATABASE_URL });
    await owner.connect();
    try {
      // The deadline is a day and a half away: the 2-day reminder is due, the invitations went 40 days ago.
      const due = { count: 1_500, linkHoursFromNow: 10 * 24, deadlineHoursFromNow: 36 };
      const { volumeId } = await seedOpenAgreements(owner, { volume: "Crowded Volume", ...due });
      // Links lapsed: nothing to remind of.
      const { volumeId: lapsedId } = await seedOpenAgreements(owner, {
        volume: "Lapsed Volume",
        count: 40,
        linkHoursFromNow: -1,
        deadlineHoursFromNow: 36,
      });

      const runs = await Promise.all([sendDueReminders(), sendDueReminders()]);
      expect(runs[0].queued + runs[1].queued).toBe(1_500);
      expect(Math.min(runs[0].queued, runs[1].queued)).toBeGreaterThan(0);
      expect(await sendDueReminders()).toEqual({ queued: 0 });

      const perAgreement = async (sql: string, volume: string) =>
        (await owner.query<{ n: string; agreements: string }>(sql, [volume])).rows[0];
      expect(
        await perAgreement(
          `SELECT count(*) AS n, count(DISTINCT m."agreementId") AS agreements FROM "EmailMessage" m
           JOIN "Agreement" a ON a.id = m."agreementId" WHERE m.kind = 'reminder' AND a."proceedingsId" = $1
             AND m."dedupeKey" = 'reminder:' || a.id || ':2'`,
          volumeId,
        ),
      ).toEqual({ n: "1500", agreements: "1500" });
      for (const type of ["agreement.reminded", "email.queued"])
        expect(
          await perAgreement(
            `SELECT count(*) AS n, count(DISTINCT e."agreementId") AS agreements FROM "AuditEvent" e
             JOIN "Agreement" a ON a.id = e."agreementId" WHERE e.type = '${type}' AND a."proceedingsId" = $1`,
            volumeId,
          ),
        ).toEqual({ n: "1500", agreements: "1500" });
      expect(await db.emailMessage.count({ where: { agreement: { proceedingsId: lapsedId } } })).toBe(0);
      // Each reminder carries a new link, valid as long as the one before it.
      expect(
        await perAgreement(
          `SELECT count(*) AS n, count(DISTINCT l."agreementId") AS agreements FROM "SigningLink" l
           JOIN "Agreement" a ON a.id = l."agreementId" WHERE a."proceedingsId" = $1 AND l.id NOT LIKE 'link-%'
             AND l."expiresAt" = (SELECT "expiresAt" FROM "SigningLink" WHERE id = 'link-' || a.id)`,
          volumeId,
        ),
      ).toEqual({ n: "1500", agreements: "1500" });

      expect((await verifyAuditChain()).intact).toBe(true);
    } finally {
      await owner.end();
    }
  }, 120_000);
});
