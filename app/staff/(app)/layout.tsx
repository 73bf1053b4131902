import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { SignOutButton } from "@/components/sign-out-button";
import { currentStaff } from "@/lib/auth/require-staff";

// Shows who is signed in. Access itself is checked by every page and action, not here:
// a layout is not re-run on every navigation.
export default async function StaffLayout({ children }: { children: ReactNode }) {
  const staff = await currentStaff();
  return (
    <>
      <SiteHeader staffEmail={staff?.email} signOut={<SignOutButton />} />
      <main>{children}</main>
    </>
  );
}
