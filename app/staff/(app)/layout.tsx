import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { SignOutButton } from "@/components/sign-out-button";
import { SkipLink } from "@/components/skip-link";
import { currentStaff } from "@/lib/auth/require-staff";
import { navigationFor } from "@/lib/navigation/staff-navigation";
import { signingCertificateFromEnv } from "@/lib/signing/signing-certificate";

// Shows who is signed in. Access itself is checked by every page and action, not here:
// a layout is not re-run on every navigation.
export default async function StaffLayout({ children }: { children: ReactNode }) {
  const staff = await currentStaff();
  const certificate = staff ? await signingCertificateFromEnv() : null;
  return (
    <>
      <SkipLink />
      <SiteHeader
        staff={staff ? { email: staff.email, navigation: navigationFor(staff.role) } : undefined}
        signOut={<SignOutButton />}
      />
      {/* Wide: the tables of the staff pages need the room (each scrolls inside its own box past it). */}
      <main id="main" tabIndex={-1} className="wide">
        {certificate?.selfSigned ? (
          <p className="notice" role="note">
            Signed PDFs are sealed with a <strong>self-signed certificate</strong> ({certificate.subject}). The seal
            proves a PDF is unaltered when checked here at /verify, but PDF readers will not trust it on their own. Set
            SIGNING_CERT_P12 and SIGNING_CERT_PASSPHRASE to your publisher&apos;s certificate.
          </p>
        ) : null}
        {children}
      </main>
    </>
  );
}
