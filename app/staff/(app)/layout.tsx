import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { SignOutButton } from "@/components/sign-out-button";
import { can } from "@/lib/auth/permissions";
import { currentStaff } from "@/lib/auth/require-staff";
import { signingCertificateFromEnv } from "@/lib/signing/signing-certificate";

// Shows who is signed in. Access itself is checked by every page and action, not here:
// a layout is not re-run on every navigation.
export default async function StaffLayout({ children }: { children: ReactNode }) {
  const staff = await currentStaff();
  const certificate = staff ? await signingCertificateFromEnv() : null;
  return (
    <>
      <SiteHeader
        staffEmail={staff?.email}
        canManageStaff={staff ? can(staff.role, "staff.manage") : false}
        canManageTemplates={staff ? can(staff.role, "templates.manage") : false}
        canManageWebhooks={staff ? can(staff.role, "webhooks.manage") : false}
        canManageApiTokens={staff ? can(staff.role, "api_tokens.manage") : false}
        signOut={<SignOutButton />}
      />
      <main>
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
