import type { Metadata } from "next";
import Link from "next/link";
import { ImportTemplatesForm } from "@/components/import-templates-form";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { listTemplates } from "@/lib/templates/list-templates";
import { importTemplatesAction } from "./actions";
import { TableScroll } from "@/components/table-scroll";
import { UtcTime } from "@/components/utc-time";

export const metadata: Metadata = { title: "Agreement templates" };

export default async function TemplatesPage() {
  await requireStaffPage("templates.manage");
  const templates = await listTemplates();
  return (
    <>
      <h1>Agreement templates</h1>
      <p>
        Each volume issues its agreements on the newest version of its template; agreements keep the version they were
        issued on. <Link href="/staff/templates/new">New template</Link> ·{" "}
        <a href="/staff/templates/export" download>
          Export all (YAML)
        </a>
      </p>
      <TableScroll label="Templates">
        <table>
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Key</th>
              <th scope="col">Newest version</th>
              <th scope="col">Saved (UTC)</th>
              <th scope="col">Volumes</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((template) => (
              <tr key={template.key}>
                <td>
                  <Link href={`/staff/templates/${template.key}`}>{template.name}</Link>
                  {template.builtIn ? " (built-in default)" : ""}
                </td>
                <td>
                  <code>{template.key}</code>
                </td>
                <td>{template.newestVersion}</td>
                <td>{template.updatedAt ? <UtcTime date={template.updatedAt} /> : "—"}</td>
                <td>{template.volumes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2>Import</h2>
      <p>
        A file exported here (or written by hand, see the README): every template in it is checked first, nothing is
        stored if any has a problem, and a template gets a new version only where its content changed.
      </p>
      <ImportTemplatesForm action={importTemplatesAction} />
    </>
  );
}
