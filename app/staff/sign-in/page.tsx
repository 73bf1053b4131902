import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SiteHeader } from "@/components/site-header";
import { SignInForm } from "@/components/sign-in-form";
import { currentStaff } from "@/lib/auth/require-staff";

export const metadata: Metadata = { title: "Staff sign-in" };

const ERRORS: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Ask for a new one below.",
  EmailSignin: "The sign-in link could not be sent. Please try again.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  if (await currentStaff()) redirect("/staff/agreements");
  const { error, callbackUrl } = await searchParams;
  const safeCallback = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/staff/agreements";
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Staff sign-in</h1>
        <p>Enter your work email. We will email you a link that signs you in; no password needed.</p>
        {error ? (
          <p className="notice error" role="alert">
            {ERRORS[error] ?? "Sign-in did not work. Please ask for a new link."}
          </p>
        ) : null}
        <SignInForm callbackUrl={safeCallback} />
      </main>
    </>
  );
}
