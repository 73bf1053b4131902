import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { listVolumes } from "@/lib/proceedings/volume-board";
import { TableScroll } from "@/components/table-scroll";
import { UtcTime } from "@/components/utc-time";

export const metadata: Metadata = { title: "Proceedings" };

export default async function ProceedingsPage() {
  await requireStaffPage("agreements.view");
  const volumes = await listVolumes();
  return (
    <>
      <h1>Proceedings volumes</h1>
      <p>
        <Link href="/staff/proceedings/new">New volume</Link>
      </p>
      {volumes.length === 0 ? (
        <p className="card">No volumes yet.</p>
      ) : (
        <TableScroll label="Volumes">
          <table>
            <thead>
              <tr>
                <th scope="col">Volume</th>
                <th scope="col">Deadline</th>
                <th scope="col">Signed</th>
              </tr>
            </thead>
            <tbody>
              {volumes.map((v) => (
                <tr key={v.id}>
                  <td>
                    <Link href={`/staff/proceedings/${v.id}`}>{v.name}</Link>{" "}
                    {v.shortName ? <small>({v.shortName})</small> : null}
                  </td>
                  <td>{v.deadline ? <UtcTime date={v.deadline} /> : "—"}</td>
                  <td>
                    {v.signedCount} of {v.agreementCount}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
