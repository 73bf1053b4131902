import Link from "next/link";
import type { ReactNode } from "react";

export function SiteHeader({
  staffEmail,
  signOut,
  canManageStaff = false,
  canManageTemplates = false,
  canManageWebhooks = false,
  canManageApiTokens = false,
}: {
  staffEmail?: string;
  signOut?: ReactNode;
  canManageStaff?: boolean;
  canManageTemplates?: boolean;
  canManageWebhooks?: boolean;
  canManageApiTokens?: boolean;
}) {
  return (
    <header className="site-header">
      <nav aria-label="Main">
        <Link className="brand" href={staffEmail ? "/staff/agreements" : "/"}>
          Imprimatur
        </Link>
        {staffEmail ? (
          <>
            <Link href="/staff/proceedings">Proceedings</Link>
            <Link href="/staff/agreements">Agreements</Link>
            <Link href="/staff/agreements/new">Issue agreement</Link>
            {canManageTemplates ? <Link href="/staff/templates">Templates</Link> : null}
            <Link href="/staff/audit">Audit log</Link>
            <Link href="/staff/activity">Staff activity</Link>
            {canManageWebhooks ? <Link href="/staff/webhooks">Webhooks</Link> : null}
            {canManageStaff ? <Link href="/staff/team">Staff team</Link> : null}
            {canManageApiTokens ? <Link href="/staff/api-tokens">API tokens</Link> : null}
            <span>{staffEmail}</span>
            {signOut}
          </>
        ) : null}
      </nav>
    </header>
  );
}
