// The burn-up chart's numbers, apart from any drawing so that they can be tested as numbers.

const DAY_MS = 86_400_000;

/** Days shown before the deadline at most: older signatures are counted in the first day's total. */
export const BURN_UP_MAX_DAYS = 56;

export type BurnUpDay = { day: string; date: Date; signed: number; cumulative: number };
export type BurnUpReminder = { daysBefore: number; date: Date; day: string };

export type BurnUpSeries = {
  /** One entry per day from the first shown to today (or the deadline's end, if later days are empty). */
  days: BurnUpDay[];
  /** Where the chart's time axis starts and ends (UTC midnights; the end includes the deadline's day). */
  start: Date;
  end: Date;
  deadline: Date;
  /** The agreements to be signed: the line the signatures climb toward. */
  target: number;
  reminders: BurnUpReminder[];
};

const midnight = (date: Date) => new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Signatures per day, cumulated, from the volume's first issue (at most BURN_UP_MAX_DAYS before the
 * deadline) to today, against the deadline, with the volume's reminder days marked. `signedPerDay`
 * is keyed by UTC day (YYYY-MM-DD).
 */
export function burnUpSeries(input: {
  firstIssuedAt: Date | null;
  deadline: Date;
  now: Date;
  target: number;
  reminderDays: number[];
  signedPerDay: Record<string, number>;
}): BurnUpSeries {
  const deadlineDay = midnight(input.deadline);
  const today = midnight(input.now);
  const earliest = new Date(deadlineDay.getTime() - BURN_UP_MAX_DAYS * DAY_MS);
  const issued = midnight(input.firstIssuedAt ?? input.now);
  let start = issued < earliest ? earliest : issued;
  if (start > deadlineDay) start = deadlineDay;
  const last = today > deadlineDay ? today : deadlineDay;
  const lastWithData = today < start ? start : today > last ? last : today;
  const end = new Date(last.getTime() + DAY_MS);

  // Signatures before the first day shown are where the line starts.
  let cumulative = Object.entries(input.signedPerDay)
    .filter(([day]) => day < isoDay(start))
    .reduce((sum, [, count]) => sum + count, 0);
  const days: BurnUpDay[] = [];
  for (let date = start; date <= lastWithData; date = new Date(date.getTime() + DAY_MS)) {
    const day = isoDay(date);
    const signed = input.signedPerDay[day] ?? 0;
    cumulative += signed;
    days.push({ day, date, signed, cumulative });
  }
  const reminders = [...new Set(input.reminderDays)]
    .filter((days) => Number.isInteger(days) && days >= 0)
    .sort((a, b) => b - a)
    .map((daysBefore) => {
      const date = new Date(input.deadline.getTime() - daysBefore * DAY_MS);
      return { daysBefore, date, day: isoDay(date) };
    })
    .filter(({ date }) => date >= start && date < end);
  return { days, start, end, deadline: input.deadline, target: input.target, reminders };
}
