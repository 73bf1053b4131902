import type { Metadata } from "next";
import { InviteStaffForm } from "@/components/invite-staff-form";
import { StaffMemberActions } from "@/components/staff-member-actions";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { listStaff } from "@/lib/staff/list-staff";
import { changeStaffRoleAction, inviteStaffAction, removeStaffAction } from "./actions";
import { TableScroll } from "@/components/table-scroll";
import { UtcTime } from "@/components/utc-time";

export const metadata: Metadata = { title: "Staff team" };

export default async function TeamPage() {
  const { staff: admin } = await requireStaffPage("staff.manage");
  const staff = await listStaff();
  return (
    <div className="stack">
      <h1>Staff team</h1>
      <p>
        Who may sign in to Imprimatur, and what their role lets them do. Removing access signs the person out
        everywhere; their past actions stay in the audit log.
      </p>
      <InviteStaffForm action={inviteStaffAction} />
      <TableScroll label="Staff members">
        <table>
          <caption className="visually-hidden">Staff members</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Added</th>
              <th scope="col">Removed</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => (
              <tr key={member.id}>
                <th scope="row">
                  {member.email}
                  {member.id === admin.id ? " (you)" : null}
                </th>
                <td>{member.role}</td>
                <td>
                  <UtcTime date={member.createdAt} />
                </td>
                <td>{member.removedAt ? <UtcTime date={member.removedAt} /> : "—"}</td>
                <td>
                  <StaffMemberActions
                    member={{ ...member, removed: member.removedAt !== null }}
                    changeRole={changeStaffRoleAction}
                    remove={removeStaffAction}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
