import Link from "next/link";
import { formatUtc } from "@/lib/dates/format-utc";
import type { RecentActivityEntry } from "@/lib/desk/list-recent-activity";

export function RecentActivity({ entries }: { entries: RecentActivityEntry[] }) {
  if (entries.length === 0) return <p>Nothing has happened yet.</p>;
  return (
    <ol className="desk-activity">
      {entries.map((entry) => (
        <li key={entry.id}>
          <time dateTime={entry.occurredAt.toISOString()}>{formatUtc(entry.occurredAt)}</time>{" "}
          <strong>{entry.label}</strong> —{" "}
          <Link href={`/staff/agreements/${entry.agreement.id}`}>{entry.agreement.articleTitle}</Link>{" "}
          <small>
            by {entry.by === "staff" ? "staff" : "author"} {entry.actor}
          </small>
        </li>
      ))}
    </ol>
  );
}
