const DAY_MS = 24 * 60 * 60 * 1000;

export type DueReminder = { days: number; dueAt: Date };

/**
 * The reminder a volume's authors are due now: of the reminder days whose moment (deadline − d
 * days) has come, the most urgent. Earlier ones that were missed (the volume was created late, or
 * the job did not run) are not sent as well: one email saying the same thing is enough. Nothing is
 * due once the deadline has passed by more than a day.
 */
export function dueReminder(deadline: Date, reminderDays: number[], now: Date): DueReminder | null {
  if (now.getTime() > deadline.getTime() + DAY_MS) return null;
  const due = reminderDays
    .filter((days) => Number.isInteger(days) && days >= 0)
    .map((days) => ({ days, dueAt: new Date(deadline.getTime() - days * DAY_MS) }))
    .filter(({ dueAt }) => dueAt <= now)
    .sort((a, b) => a.days - b.days);
  return due[0] ?? null;
}

/** At most one reminder per agreement and reminder day: the outbox's unique key enforces it. */
export function reminderKey(agreementId: string, days: number): string {
  return `reminder:${agreementId}:${days}`;
}

export const ONE_DAY_MS = DAY_MS;
