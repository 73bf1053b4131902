import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { recordEvents } from "@/lib/audit/record-event";
import { OPEN_FOR_SIGNING } from "@/lib/agreements/agreement-states";
import { appUrl } from "@/lib/config/app-config";
import { newToken, sha256Hex } from "@/lib/crypto/hashing";
import { outboxRow, SECRET_LINK } from "@/lib/mail/outbox";
import { reminderEmail } from "@/lib/mail/templates/reminder-email";
import { enqueueJobs } from "@/lib/queue/enqueue-jobs";
import { dueReminder, ONE_DAY_MS, reminderKey, type DueReminder } from "./reminder-schedule";

// Reminders per transaction: each is a rendered email, an encrypted link and two audit events.
const BATCH = 1_000;

type Volume = { id: string; name: string; deadline: Date };

/**
 * Emails authors who have not answered as their volume's deadline approaches: each open agreement
 * gets at most one reminder per reminder day, however often and on however many instances this runs.
 * Only agreements issued before the reminder's moment get it: a fresh invitation needs no reminder.
 * Set-based: a batch of agreements costs a handful of statements in one transaction.
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
    for (let after = ""; ;) {
      const batch = await db.$transaction((tx) => remindBatch(tx, { ...volume, deadline }, due, now, after), {
        timeout: 120_000,
        maxWait: 30_000,
      });
      queued += batch.queued;
      if (batch.last === null) break;
      after = batch.last;
    }
  }
  return { queued };
}

async function remindBatch(tx: Tx, volume: Volume, due: DueReminder, now: Date, after: string) {
  // Runs on several instances (and a signature arriving now) never wait for each other: each
  // takes agreements no other holds. NO KEY UPDATE, not UPDATE: audit events of the agreement
  // written meanwhile (key-share locks) don't wait either.
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT a.id FROM "Agreement" a
    WHERE a."proceedingsId" = ${volume.id} AND a.id > ${after} AND a.status IN ('sent', 'viewed')
      AND a."issuedAt" < (${due.dueAt.toISOString()}::timestamptz AT TIME ZONE 'UTC')
      AND NOT EXISTS (SELECT 1 FROM "Agreement" s WHERE s."supersedesId" = a.id)
      AND NOT EXISTS (SELECT 1 FROM "EmailMessage" e WHERE e."dedupeKey" = 'reminder:' || a.id || ':' || ${due.days}::int)
      -- Every-author agreements: each signer's reminder of the day has its own key, all written together.
      AND (NOT EXISTS (SELECT 1 FROM "Signer" s WHERE s."agreementId" = a.id)
           OR NOT EXISTS (SELECT 1 FROM "EmailMessage" e WHERE e."agreementId" = a.id AND e.kind = 'reminder'
                          AND e."dedupeKey" LIKE 'reminder:' || a.id || ':' || ${due.days}::int || ':%'))
      AND (SELECT l."expiresAt" FROM "SigningLink" l WHERE l."agreementId" = a.id AND l."revokedAt" IS NULL
           ORDER BY l."createdAt" DESC LIMIT 1) > (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')
    ORDER BY a.id
    LIMIT ${BATCH}
    FOR NO KEY UPDATE OF a SKIP LOCKED`;
  if (locked.length === 0) return { last: null, queued: 0 };
  // Read again now that the rows are ours (a fresh snapshot): what another run or a signature
  // committed in between is seen, and such an agreement is left alone.
  const agreements = await tx.agreement.findMany({
    where: {
      id: { in: locked.map((row) => row.id) },
      status: { in: OPEN_FOR_SIGNING },
      supersededBy: { is: null },
      emails: { none: { kind: "reminder", dedupeKey: { endsWith: `:${due.days}` } } },
    },
    include: {
      signingLinks: { where: { revokedAt: null }, orderBy: { createdAt: "desc" }, take: 1 },
      signers: { orderBy: { position: "asc" } },
    },
    orderBy: { id: "asc" },
  });
  // Only the hash of a token is stored, so the reminder carries a new link with the latest link's
  // expiry; earlier links keep working. No usable link: nothing to remind of (expiry's business).
  // Every-author agreements remind each signer yet to sign, on a link of their own.
  const reminders = agreements.flatMap((agreement) => {
    const latest = agreement.signingLinks[0];
    if (!latest || latest.expiresAt <= now) return [];
    const recipients = agreement.signers.length
      ? agreement.signers.filter((signer) => signer.status === "sent" || signer.status === "viewed")
      : [null];
    return recipients.map((signer) => {
      const token = newToken();
      const email = outboxRow({
        agreementId: agreement.id,
        kind: "reminder",
        to: signer?.email ?? agreement.correspondingAuthorEmail,
        dedupeKey: signer ? `${reminderKey(agreement.id, due.days)}:${signer.id}` : reminderKey(agreement.id, due.days),
        secretLink: `${appUrl()}/sign/${token}`,
        ...reminderEmail({
          ...agreement,
          proceedingsName: volume.name,
          deadline: volume.deadline,
          signingUrl: SECRET_LINK,
          expiresAt: latest.expiresAt,
          signer: signer ?? undefined,
        }),
      });
      return { agreement, signerId: signer?.id ?? null, email, token, linkExpiresAt: latest.expiresAt };
    });
  });
  // The unique dedupeKey is the last word: a reminder someone else wrote is skipped, not doubled.
  const written = new Set(
    (
      await tx.emailMessage.createManyAndReturn({
        data: reminders.map(({ email }) => email),
        skipDuplicates: true,
        select: { id: true },
      })
    ).map((row) => row.id),
  );
  const sent = reminders.filter(({ email }) => written.has(email.id));
  await tx.signingLink.createMany({
    data: sent.map(({ agreement, signerId, token, linkExpiresAt }) => ({
      agreementId: agreement.id,
      signerId,
      tokenHash: sha256Hex(token),
      expiresAt: linkExpiresAt,
    })),
  });
  await enqueueJobs(
    tx,
    "deliver_email",
    sent.map(({ email }) => ({ emailId: email.id })),
  );
  // The same two events, in the same order, as queueEmail and a reminder of its own recorded.
  await recordEvents(
    tx,
    sent.flatMap(({ agreement, signerId, email, linkExpiresAt }) => [
      {
        context: SYSTEM_CONTEXT,
        agreementId: agreement.id,
        type: "email.queued" as const,
        data: { emailId: email.id, kind: "reminder", to: email.to },
      },
      {
        context: SYSTEM_CONTEXT,
        agreementId: agreement.id,
        type: "agreement.reminded" as const,
        data: {
          days: due.days,
          emailId: email.id,
          ...(signerId ? { signerId, to: email.to } : {}),
          deadline: volume.deadline.toISOString(),
          linkExpiresAt: linkExpiresAt.toISOString(),
        },
      },
    ]),
  );
  return { last: locked[locked.length - 1].id, queued: sent.length };
}
