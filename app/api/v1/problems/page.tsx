import type { Metadata } from "next";
import { SiteHeader } from "@/components/site-header";
import { problemAnchor } from "@/lib/api/problem-response";
import { ERROR_MESSAGES, type AppErrorCode } from "@/lib/errors/error-messages";

export const metadata: Metadata = { title: "REST API problem types" };

// The page each problem's `type` points at: one section per error code, from the one catalogue.
export default function ProblemTypesPage() {
  const codes = Object.keys(ERROR_MESSAGES) as AppErrorCode[];
  return (
    <>
      <SiteHeader />
      <main className="stack">
        <h1>REST API problem types</h1>
        <p>
          Every error of <a href="/api/v1/reference">the REST API</a> is answered as{" "}
          <code>application/problem+json</code> (RFC 9457). Its <code>type</code> is this page with the code&apos;s
          section; <code>detail</code> says what went wrong in that request, and a 422 lists every problem in{" "}
          <code>errors</code> (a JSON <code>pointer</code> into the body, or a <code>parameter</code> or{" "}
          <code>header</code>).
        </p>
        <dl>
          {codes.map((code) => (
            <div key={code} id={problemAnchor(code)}>
              <dt>
                <code>{code}</code> — {ERROR_MESSAGES[code].status} {ERROR_MESSAGES[code].title}
              </dt>
              <dd>{ERROR_MESSAGES[code].message}</dd>
            </div>
          ))}
        </dl>
      </main>
    </>
  );
}
