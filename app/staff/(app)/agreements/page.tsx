import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { StatusBadge } from "@/components/status-badge";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { listAgreements } from "@/lib/agreements/list-agreements";
import { formatUtc } from "@/lib/dates/format-utc";

export const metadata: Metadata = { title: "Agreements" };

const query = z.object({ page: z.coerce.number().int().catch(1) });

export default async function AgreementsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaffPage();
  const { page } = query.parse(await searchParams);
  const { rows, page: current, pageCount, total } = await listAgreements({ page });
  return (
    <>
      <h1>Agreements</h1>
      <p>
        {total} agreement{total === 1 ? "" : "s"}, newest first. <Link href="/staff/agreements/new">Issue an agreement</Link>
      </p>
      {rows.length === 0 ? (
        <p className="card">No agreements yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Article</th>
              <th scope="col">Corresponding author</th>
              <th scope="col">Proceedings</th>
              <th scope="col">Issued</th>
              <th scope="col">Signed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <StatusBadge status={row.status} />
                </td>
                <td>
                  <Link href={`/staff/agreements/${row.id}`}>{row.articleTitle}</Link>
                </td>
                <td>
                  {row.correspondingAuthorName}
                  <br />
                  <small>{row.correspondingAuthorEmail}</small>
                </td>
                <td>{row.proceedings.name}</td>
                <td>{formatUtc(row.issuedAt)}</td>
                <td>{row.signedAt ? formatUtc(row.signedAt) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pageCount > 1 ? (
        <nav className="pagination" aria-label="Pages">
          {current > 1 ? <Link href={`/staff/agreements?page=${current - 1}`}>Previous page</Link> : null}
          <span>
            Page {current} of {pageCount}
          </span>
          {current < pageCount ? <Link href={`/staff/agreements?page=${current + 1}`}>Next page</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
