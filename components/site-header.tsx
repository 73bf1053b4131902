import Link from "next/link";
import type { ReactNode } from "react";
import type { NavItem } from "@/lib/navigation/staff-navigation";
import { StaffNav } from "./staff-nav";

/** The header of every page; signed-in staff get their navigation (the entries they may open). */
export function SiteHeader({
  staff,
  signOut,
}: {
  staff?: { email: string; navigation: NavItem[] };
  signOut?: ReactNode;
}) {
  return (
    <header className="site-header">
      <nav aria-label="Main">
        <Link className="brand" href={staff ? "/staff" : "/"}>
          Imprimatur
        </Link>
        {staff ? <StaffNav items={staff.navigation} email={staff.email} signOut={signOut} /> : null}
      </nav>
    </header>
  );
}
