import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SiteHeader } from "@/components/site-header";
import { SkipLink } from "@/components/skip-link";
import { SignInForm } from "@/components/sign-in-form";
import { currentStaff } from "@/lib/auth/require-staff";
import { safeCallbackPath, STAFF_HOME } from "@/lib/auth/sign-in-request-input";

export const metadata: Metadata = { title: "Staff sign-in" };

const ERRORS: Record<string, string> = {
  Verification:
    "That sign-in link has expired, was already used, or was replaced by a newer one. Ask for a new one below.",
  AccessDenied: "That sign-in link no longer works. Ask for a new one below.",
};

// Shown under the field: the form's own check caught it only if JavaScript was off.
const FIELD_ERRORS: Record<string, string> = {
  EmailInvalid: "Enter an email address like name@example.org.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; callbackUrl?: string }>;
}) {
  if (await currentStaff()) redirect(STAFF_HOME);
  const { error, callbackUrl } = await searchParams;
  const fieldError = error ? FIELD_ERRORS[error] : undefined;
  return (
    <>
      <SkipLink />
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <h1>Staff sign-in</h1>
        <p>Enter your work email. We will email you a link that signs you in; no password needed.</p>
        {error && !fieldError ? (
          <p className="notice error" role="alert">
            {ERRORS[error] ?? "Sign-in did not work. Please ask for a new link."}
          </p>
        ) : null}
        <SignInForm callbackUrl={safeCallbackPath(callbackUrl)} error={fieldError} />
      </main>
    </>
  );
}
