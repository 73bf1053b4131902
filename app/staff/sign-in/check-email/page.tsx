import type { Metadata } from "next";
import Link from "next/link";
import { SiteHeader } from "@/components/site-header";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Check your email</h1>
        <p className="notice ok" role="status">
          If that address belongs to a staff account, a sign-in link is on its way. The link works once and expires in 24 hours.
        </p>
        <p>
          <Link href="/staff/sign-in">Back to sign-in</Link>
        </p>
      </main>
    </>
  );
}
