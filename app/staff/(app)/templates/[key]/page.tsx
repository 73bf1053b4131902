import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AgreementDocument } from "@/components/agreement-document";
import { TemplateDiff } from "@/components/template-diff";
import { parseAgreementBlocks } from "@/lib/agreements/agreement-blocks";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { choicesToYaml } from "@/lib/templates/choices-yaml";
import { getTemplate } from "@/lib/templates/get-template";
import { sampleAgreementText, SAMPLE_PAPER } from "@/lib/templates/preview-template";
import { diffTemplateVersions } from "@/lib/templates/template-diff";
import { TableScroll } from "@/components/table-scroll";
import { UtcTime } from "@/components/utc-time";

export const metadata: Metadata = { title: "Agreement template" };

type Search = { saved?: string; from?: string; to?: string };

export default async function TemplatePage({
  params,
  searchParams,
}: {
  params: Promise<{ key: string }>;
  searchParams: Promise<Search>;
}) {
  await requireStaffPage("templates.manage");
  const { key } = await params;
  const search = await searchParams;
  const template = await getTemplate(key);
  if (!template) notFound();
  const [newest] = template.versions;
  const versionOf = (value: string | undefined, fallback: number) =>
    template.versions.find((version) => String(version.version) === value) ??
    template.versions.find((version) => version.version === fallback);
  const to = versionOf(search.to, newest.version);
  const from = versionOf(search.from, (to?.version ?? newest.version) - 1);
  return (
    <>
      <h1>{template.name}</h1>
      {search.saved ? (
        <p className="notice ok" role="status">
          {search.saved === "unchanged"
            ? "Nothing changed, so no new version was stored."
            : `Saved as version ${search.saved}.`}
        </p>
      ) : null}
      <p>
        <code>{template.key}</code> · newest version {newest.version} ·{" "}
        {newest.signers === "every_author" ? "every author signs" : "the corresponding author signs for all"} · language{" "}
        {newest.language} ·{" "}
        {template.builtIn ? (
          <Link href={`/staff/templates/new?from=${template.key}`}>Make a copy</Link>
        ) : (
          <Link href={`/staff/templates/${template.key}/edit`}>Edit (saves version {newest.version + 1})</Link>
        )}
      </p>
      <h2>Versions</h2>
      <TableScroll label="Versions">
        <table>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved (UTC)</th>
              <th scope="col">By</th>
              <th scope="col">Body SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {template.versions.map((version) => (
              <tr key={version.version}>
                <td>{version.version}</td>
                <td>{version.createdAt ? <UtcTime date={version.createdAt} /> : "ships with the app"}</td>
                <td>{version.createdBy ?? "—"}</td>
                <td>
                  <code>{version.sha256}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {template.versions.length > 1 && from && to ? (
        <section aria-labelledby="diff-heading">
          <h2 id="diff-heading">
            Changes from version {from.version} to version {to.version}
          </h2>
          <form method="get" className="inline-form">
            <label>
              From{" "}
              <select name="from" defaultValue={from.version}>
                {template.versions.map((version) => (
                  <option key={version.version}>{version.version}</option>
                ))}
              </select>
            </label>{" "}
            <label>
              to{" "}
              <select name="to" defaultValue={to.version}>
                {template.versions.map((version) => (
                  <option key={version.version}>{version.version}</option>
                ))}
              </select>
            </label>{" "}
            <button type="submit">Compare</button>
          </form>
          <TemplateDiff sections={diffTemplateVersions(from, to)} />
        </section>
      ) : null}
      <h2>Version {newest.version} with sample data</h2>
      <p className="hint">For “{SAMPLE_PAPER.articleTitle}”; each choice shows its first option.</p>
      <AgreementDocument
        blocks={parseAgreementBlocks(sampleAgreementText(newest))}
        emphasis={[SAMPLE_PAPER.articleTitle, SAMPLE_PAPER.correspondingAuthorName]}
      />
      <h2>Notice</h2>
      <pre className="template-part">{newest.notice || "—"}</pre>
      <h2>The author&apos;s choices</h2>
      {newest.choices.length > 0 ? <pre className="template-part">{choicesToYaml(newest.choices)}</pre> : <p>None.</p>}
    </>
  );
}
