import Link from "next/link";
import type { ReactNode } from "react";

export function SiteHeader({ staffEmail, signOut }: { staffEmail?: string; signOut?: ReactNode }) {
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
            <Link href="/staff/audit">Audit log</Link>
            <span>{staffEmail}</span>
            {signOut}
          </>
        ) : null}
      </nav>
    </header>
  );
}
