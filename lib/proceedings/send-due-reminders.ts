import "server-only";
import { db } from "@/lib/db/client";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { OPEN_FOR_SIGNING } from "@/lib/agreements/agreement-states";
import { createSigningLink } from "@/lib/agreements/signing-link";
import { queueEmail, SECRET_LINK } from "@/lib/mail/outbox";
import { reminderEmail } from "@/lib/mail/templates/reminder-email";
import { dueReminder, ONE_DAY_MS, reminderKey, type DueReminder } from "./reminder-schedule";

const BATCH = 200;

type Volume = { id: string; name: string; deadline: Date };

/**
 * Emails authors who have not answered as their volume's deadline approaches: each open agreement
 * gets at most one reminder per reminder day, however often and on however many instances this runs.
 * Only agreements issued before the reminder's moment get it: a fresh invitation needs no reminder.
 */
export async function sendDueReminders(now = new Date()): Promise<{ queued: number }> {
  const volumes = await db.proceedings.findMany({
    where: { deadline: { gte: new Date(now.getTime() - ONE_DAY_MS) } },
    select: { id: true, name: true, deadline: true, reminderDays: true },
  });
  let queued = 0;
  for (const { deadline, reminderDays, ...volume } of volumes) {
    const due = deadline && dueReminder(deadline, reminderDays, now);
    if (!due) continue;
    // Reminded agreements drop out of the query, so a re-run reads only what is still to do.
    for (let cursor = ""; ;) {
      const batch = await db.agreement.findMany({
        where: {
          id: { gt: cursor },
          proceedingsId: volume.id,
          status: { in: OPEN_FOR_SIGNING },
          supersededBy: { is: null },
          issuedAt: { lt: due.dueAt },
          emails: { none: { kind: "reminder", dedupeKey: { endsWith: `:${due.days}` } } },
        },
        select: { id: true },
        orderBy: { id: "asc" },
        take: BATCH,
      });
      for (const { id } of batch) if (await remindOnce(id, { ...volume, deadline }, due, now)) queued++;
      if (batch.length < BATCH) break;
      cursor = batch[batch.length - 1].id;
    }
  }
  return { queued };
}

/** Queues one agreement's reminder for one reminder day, unless it went already; true if queued. */
async function remindOnce(agreementId: string, volume: Volume, due: DueReminder, now: Date): Promise<boolean> {
  const dedupeKey = reminderKey(agreementId, due.days);
  try {
    return await db.$transaction(async (tx) => {
      // Runs on several instances (and a signature arriving now) queue behind each other on the
      // agreement's row, so the checks below see what the other one committed. NO KEY UPDATE,
      // not UPDATE: audit events of the agreement written meanwhile (key-share locks) don't wait.
      await tx.$queryRaw`SELECT id FROM "Agreement" WHERE id = ${agreementId} FOR NO KEY UPDATE`;
      const agreement = await tx.agreement.findUniqueOrThrow({
        where: { id: agreementId },
        include: {
          supersededBy: { select: { id: true } },
          signingLinks: { where: { revokedAt: null }, orderBy: { createdAt: "desc" }, take: 1 },
        },
      });
      if (!OPEN_FOR_SIGNING.includes(agreement.status) || agreement.supersededBy) return false;
      if (await tx.emailMessage.findUnique({ where: { dedupeKey }, select: { id: true } })) return false;
      // Only the hash of a token is stored, so the reminder carries a new link; earlier ones keep working.
      const latest = agreement.signingLinks[0];
      if (!latest || latest.expiresAt <= now) return false;
      const link = await createSigningLink(tx, agreement.id, latest.expiresAt);
      const email = await queueEmail(tx, {
        agreementId: agreement.id,
        kind: "reminder",
        to: agreement.correspondingAuthorEmail,
        dedupeKey,
        secretLink: link.url,
        ...reminderEmail({
          ...agreement,
          proceedingsName: volume.name,
          deadline: volume.deadline,
          signingUrl: SECRET_LINK,
          expiresAt: latest.expiresAt,
        }),
      });
      await recordEvent(tx, SYSTEM_CONTEXT, {
        agreementId: agreement.id,
        type: "agreement.reminded",
        data: {
          days: due.days,
          emailId: email.id,
          deadline: volume.deadline.toISOString(),
          linkExpiresAt: latest.expiresAt.toISOString(),
        },
      });
      return true;
    });
  } catch (error) {
    // Whoever wrote the same key first (without the row lock) won: this reminder exists; move on.
    if (
      (error as { code?: string }).code === "P2002" &&
      (await db.emailMessage.findUnique({ where: { dedupeKey }, select: { id: true } }))
    )
      return false;
    throw error;
  }
}
