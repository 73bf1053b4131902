import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { parseActivityCursor, staffActivity } from "@/lib/audit/staff-activity";
import { TableScroll } from "@/components/table-scroll";
import { UtcTime } from "@/components/utc-time";

export const metadata: Metadata = { title: "Staff activity" };

export default async function ActivityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireStaffPage("audit.view");
  const before = parseActivityCursor((await searchParams).before);
  const { entries, nextCursor } = await staffActivity({ before });
  return (
    <>
      <h1>Staff activity</h1>
      <p>
        What staff did: sign-ins, volumes, imports, bundles, exports and evidence packs, and every action on an
        agreement. Newest first; times in UTC.
      </p>
      {entries.length === 0 ? (
        <p className="card">No staff activity {before !== undefined ? "before this point" : "yet"}.</p>
      ) : (
        <TableScroll label="Staff activity">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Who</th>
                <th scope="col">From</th>
                <th scope="col">Agreement</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <UtcTime date={entry.occurredAt} />
                  </td>
                  <td>{entry.label}</td>
                  <td>{entry.actor}</td>
                  <td>
                    {entry.ip ?? "—"}
                    {entry.userAgent ? (
                      <>
                        <br />
                        <small>{entry.userAgent}</small>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {entry.agreement ? (
                      <Link href={`/staff/agreements/${entry.agreement.id}`}>{entry.agreement.articleTitle}</Link>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <nav className="pagination" aria-label="Pages">
        {before !== undefined ? <Link href="/staff/activity">Newest</Link> : null}
        {nextCursor ? <Link href={`/staff/activity?before=${nextCursor}`}>Older</Link> : null}
      </nav>
    </>
  );
}
