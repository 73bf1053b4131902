import { formatUtc } from "@/lib/dates/format-utc";

/** A moment as every page shows it ("2026-11-26 15:24 UTC"), kept on one line. */
export function UtcTime({ date }: { date: Date }) {
  return (
    <time className="utc" dateTime={date.toISOString()}>
      {formatUtc(date)}
    </time>
  );
}
