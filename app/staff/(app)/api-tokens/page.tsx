import type { Metadata } from "next";
import { CreateApiTokenForm } from "@/components/create-api-token-form";
import { grantableRoles } from "@/lib/api-tokens/staff-role-rank";
import { RevokeApiTokenButton } from "@/components/revoke-api-token-button";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { formatUtc } from "@/lib/dates/format-utc";
import { createApiTokenAction, revokeApiTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

const when = (date: Date | null, none = "—") => (date ? formatUtc(date) : none);

export default async function ApiTokensPage() {
  const { staff } = await requireStaffPage("api_tokens.manage");
  const tokens = await listApiTokens(staff);
  return (
    <div className="stack">
      <h1>API tokens</h1>
      <p>
        A token lets another system (a submission system, a script) use the REST API under <code>/api/v1</code>, sent as{" "}
        <code>Authorization: Bearer imp_…</code>. It acts with its role, never above yours: if your role is lowered or
        your access removed, your tokens follow. Every call is in the audit log under the token&apos;s name.
        {staff.role === "admin" ? " As an admin you see everyone's tokens." : " You see the tokens you created."}
      </p>
      <CreateApiTokenForm action={createApiTokenAction} roles={grantableRoles(staff.role)} />
      <table>
        <caption className="visually-hidden">API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Owner</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {tokens.length === 0 ? (
            <tr>
              <td colSpan={8}>No tokens yet.</td>
            </tr>
          ) : null}
          {tokens.map((token) => (
            <tr key={token.id}>
              <th scope="row">{token.name}</th>
              <td>{token.role}</td>
              <td>{token.ownerEmail}</td>
              <td>{formatUtc(token.createdAt)}</td>
              <td>{when(token.expiresAt, "never")}</td>
              <td>{when(token.lastUsedAt, "never")}</td>
              <td>{token.state === "revoked" ? `revoked ${when(token.revokedAt)}` : token.state}</td>
              <td>
                <RevokeApiTokenButton
                  token={{ id: token.id, name: token.name, revoked: token.revokedAt !== null }}
                  revoke={revokeApiTokenAction}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
