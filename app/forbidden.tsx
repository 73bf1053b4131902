import Link from "next/link";
import { SiteHeader } from "@/components/site-header";

export default function Forbidden() {
  return (
    <>
      <SiteHeader />
      <main>
        <div className="card">
          <h1>Not allowed</h1>
          <p>Your staff role does not allow this page. Ask an admin if you need access.</p>
          <p>
            <Link href="/staff/agreements">Back to the agreements</Link>
          </p>
        </div>
      </main>
    </>
  );
}
