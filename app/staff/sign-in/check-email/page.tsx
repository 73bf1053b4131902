import type { Metadata } from "next";
import Link from "next/link";
import { SiteHeader } from "@/components/site-header";
import { SkipLink } from "@/components/skip-link";
import { SIGN_IN_LINK_MINUTES } from "@/lib/auth/session-lifetime";

export const metadata: Metadata = { title: "Check your email" };

// Every sign-in request lands here, staff or not, so the page must not depend on who asked.
export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<{ wait?: string }> }) {
  const wait = Number((await searchParams).wait);
  const minutes = Number.isInteger(wait) && wait > 0 && wait <= 60 ? wait : null;
  return (
    <>
      <SkipLink />
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <h1>Check your email</h1>
        {minutes ? (
          <p className="notice error" role="status">
            If that address belongs to a staff account, a sign-in link is on its way. Too many sign-in requests: no new
            link was sent this time. Wait {minutes === 1 ? "1 minute" : `${minutes} minutes`} before asking again.
          </p>
        ) : (
          <p className="notice ok" role="status">
            If that address belongs to a staff account, a sign-in link is on its way. The link works once and expires in{" "}
            {SIGN_IN_LINK_MINUTES} minutes.
          </p>
        )}
        <p>
          <Link href="/staff/sign-in">Back to sign-in</Link>
        </p>
      </main>
    </>
  );
}
