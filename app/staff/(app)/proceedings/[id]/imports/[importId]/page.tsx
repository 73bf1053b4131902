import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { getImport } from "@/lib/proceedings/bulk-import";

export const metadata: Metadata = { title: "Issuing" };

export default async function ImportProgressPage({ params }: { params: Promise<{ id: string; importId: string }> }) {
  await requireStaffPage("agreements.view");
  const { id, importId } = await params;
  const job = await getImport(importId);
  if (!job || job.proceedingsId !== id) notFound();
  const processed = job.issued + job.skipped;
  const running = job.status === "issuing";
  return (
    <>
      {/* While issuing, the page refreshes itself every second: no script needed for progress. */}
      {running ? <meta httpEquiv="refresh" content="1" /> : null}
      <h1>Issuing {job.fileName}</h1>
      <div className="card stack">
        <label htmlFor="import-progress">
          {processed} of {job.total} rows processed
        </label>
        <progress id="import-progress" max={job.total} value={processed} />
        <p role="status">
          {job.status === "done"
            ? `Done: ${job.issued} agreements issued${job.reissued ? ` (${job.reissued} of them reissued for changed papers)` : ""}${job.skipped ? `, ${job.skipped} skipped because they were already issued` : ""}. Invitations are being emailed.`
            : null}
          {job.status === "issuing" ? `Issuing… ${job.issued} issued so far.` : null}
          {job.status === "failed"
            ? `Stopped: ${job.error ?? "an error occurred"}. Agreements issued so far are kept; start the import again to issue the rest.`
            : null}
          {job.status === "previewed" ? "Not started yet." : null}
        </p>
      </div>
      <p>
        <Link href={`/staff/proceedings/${id}`}>Back to the volume</Link>
      </p>
    </>
  );
}
