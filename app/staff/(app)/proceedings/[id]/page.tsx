import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { VolumeDeadlineCard } from "@/components/desk/volume-deadline-card";
import { StatusBadge } from "@/components/status-badge";
import { SignerCounts, SignerTally } from "@/components/signer-counts";
import { AGREEMENT_STATUSES, STATUS_LABEL } from "@/lib/agreements/agreement-states";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { formatUtc } from "@/lib/dates/format-utc";
import { volumeProgress } from "@/lib/desk/volume-progress";
import { volumeBoard } from "@/lib/proceedings/volume-board";
import { volumeTemplateLabel } from "@/lib/templates/volume-template";
import { TableScroll } from "@/components/table-scroll";
import { UtcTime } from "@/components/utc-time";

export const metadata: Metadata = { title: "Volume" };

const query = z.object({
  status: z.enum(AGREEMENT_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().catch(1),
});

export default async function VolumePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireStaffPage("agreements.view");
  const { id } = await params;
  const { status, page } = query.parse(await searchParams);
  const board = await volumeBoard({ proceedingsId: id, status, page: page ?? 1 });
  if (!board) notFound();
  const { volume, counts, total, agreements } = board;
  const signed = counts.signed ?? 0;
  const template = await volumeTemplateLabel(volume);
  const now = new Date();
  const { deadline } = volume;
  const [chart] = deadline ? await volumeProgress([{ ...volume, deadline }], now) : [];
  const link = (params: { status?: string; page?: number }) =>
    `/staff/proceedings/${id}?${new URLSearchParams(
      Object.entries(params)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    )}`;
  return (
    <div className="stack">
      <h1>{volume.name}</h1>
      <p>
        {volume.shortName ? `${volume.shortName} · ` : ""}
        {volume.deadline ? `camera-ready deadline ${formatUtc(volume.deadline)}` : "no deadline set"} · links valid{" "}
        {volume.linkExpiryDays} days · reminders{" "}
        {volume.reminderDays.length ? `${volume.reminderDays.join(", ")} days before` : "off"} · template{" "}
        {template.label}
      </p>
      <p>
        <Link href={`/staff/proceedings/${id}/import`}>Import papers (CSV)</Link> ·{" "}
        <a href={`/staff/proceedings/${id}/bundle`}>Download permissions bundle (ZIP)</a> · Camera-ready notices:{" "}
        <a href={`/staff/proceedings/${id}/notices.csv`}>CSV</a>,{" "}
        <a href={`/staff/proceedings/${id}/notices.json`}>JSON</a>,{" "}
        <a href={`/staff/proceedings/${id}/notices.tex`}>LaTeX (.tex)</a> · Metadata:{" "}
        <a href={`/staff/proceedings/${id}/proceedings.bib`}>PMLR BibTeX</a>, who signed{" "}
        <a href={`/staff/proceedings/${id}/signers.csv`}>CSV</a>,{" "}
        <a href={`/staff/proceedings/${id}/signers.json`}>JSON</a> ·{" "}
        <Link href={`/staff/proceedings/${id}/settings`}>Settings</Link>
      </p>
      <section className="card" aria-labelledby="progress-heading">
        <h2 id="progress-heading">Progress</h2>
        <label htmlFor="volume-progress">
          {signed} of {total} signed
        </label>
        <progress id="volume-progress" max={Math.max(total, 1)} value={signed} style={{ width: "100%" }} />
        <SignerCounts counts={board.signerCounts} />
        <nav aria-label="Filter by status" className="pagination">
          <Link href={link({})} aria-current={!status ? "page" : undefined}>
            All ({total})
          </Link>
          {AGREEMENT_STATUSES.map((s) => (
            <Link key={s} href={link({ status: s })} aria-current={status === s ? "page" : undefined}>
              {STATUS_LABEL[s]} ({counts[s] ?? 0})
            </Link>
          ))}
        </nav>
      </section>
      {chart ? <VolumeDeadlineCard volume={chart} now={now} headingLevel={2} linkName={false} /> : null}
      {board.imports.some((i) => i.status === "issuing") ? (
        <p className="notice" role="status">
          An import is being issued:{" "}
          <Link href={`/staff/proceedings/${id}/imports/${board.imports.find((i) => i.status === "issuing")!.id}`}>
            see its progress
          </Link>
          .
        </p>
      ) : null}
      {agreements.length === 0 ? (
        <p className="card">No agreements{status ? ` with status ${STATUS_LABEL[status]}` : ""} yet.</p>
      ) : (
        <TableScroll label="Agreements in this volume">
          <table>
            <thead>
              <tr>
                <th scope="col">Paper</th>
                <th scope="col">Title</th>
                <th scope="col">Corresponding author</th>
                <th scope="col">Status</th>
                <th scope="col">Signed</th>
              </tr>
            </thead>
            <tbody>
              {agreements.map((a) => (
                <tr key={a.id}>
                  <td>{a.paperId ?? "—"}</td>
                  <td>
                    <Link href={`/staff/agreements/${a.id}`}>{a.articleTitle}</Link>
                  </td>
                  <td>
                    {a.correspondingAuthorName}
                    <br />
                    <small>{a.correspondingAuthorEmail}</small>
                  </td>
                  <td>
                    <StatusBadge status={a.status} />
                    <SignerTally signers={a.signers} />
                    {a.emails[0] ? <p className="field-error">Email failed: {a.emails[0].lastError}</p> : null}
                  </td>
                  <td>{a.signedAt ? <UtcTime date={a.signedAt} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {board.pageCount > 1 ? (
        <nav className="pagination" aria-label="Pages">
          {board.page > 1 ? <Link href={link({ status, page: board.page - 1 })}>Previous page</Link> : null}
          <span>
            Page {board.page} of {board.pageCount}
          </span>
          {board.page < board.pageCount ? <Link href={link({ status, page: board.page + 1 })}>Next page</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
