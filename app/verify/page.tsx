import type { Metadata } from "next";
import { SiteHeader } from "@/components/site-header";
import { VerifyForm } from "@/components/verify-form";
import { MAX_VERIFY_BYTES } from "@/lib/verification/verify-limits";

export const metadata: Metadata = { title: "Verify a signed agreement" };

export default function VerifyPage() {
  return (
    <>
      <SiteHeader />
      <main className="stack">
        <h1>Verify a signed agreement</h1>
        <p>
          Upload a signed publication agreement PDF to learn whether it is a genuine, unaltered record kept by this
          publisher.
        </p>
        <VerifyForm maxBytes={MAX_VERIFY_BYTES} />
      </main>
    </>
  );
}
