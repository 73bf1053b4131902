import Link from "next/link";
import { SiteHeader } from "@/components/site-header";

export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <main>
        <div className="card">
          <h1>Not found</h1>
          <p>There is nothing at this address. It may have been mistyped, or the record no longer exists.</p>
          <p>
            <Link href="/">Go to the start page</Link>
          </p>
        </div>
      </main>
    </>
  );
}
