"use client";

import { useState, type FormEvent } from "react";
import type { DocumentTimestampCheck } from "@/lib/verification/document-timestamps";
import type { DocumentVerdict, TimestampReport } from "@/lib/verification/verify-document";

// The route's answer: a verdict, or a refusal (too large, throttled) in a sentence. A type-only
// import: nothing of the server module reaches the browser.
type Verdict = DocumentVerdict | { error: string };

const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

export function VerifyForm({ maxBytes }: { maxBytes: number }) {
  const [result, setResult] = useState<Verdict>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = (new FormData(event.currentTarget).get("document") as File | null) ?? null;
    if (!file || file.size === 0) return setResult({ error: "Choose a PDF file to verify." });
    if (file.size > maxBytes)
      return setResult({
        error: `The file is larger than ${maxBytes / 1024 / 1024} MB; an Imprimatur record is far smaller.`,
      });
    setPending(true);
    try {
      const response = await fetch("/verify/check", {
        method: "POST",
        body: file,
        headers: { "Content-Type": "application/pdf" },
      });
      setResult(await verdictFrom(response, maxBytes));
    } catch {
      setResult({ error: "The file could not be checked. Please try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="stack">
      <form onSubmit={submit} className="card" noValidate>
        <div className="field">
          <label htmlFor="document">PDF to verify</label>
          <span className="hint" id="document-hint">
            The file is checked and then discarded; it is not stored.
          </span>
          <input
            id="document"
            name="document"
            type="file"
            accept="application/pdf,.pdf"
            aria-describedby="document-hint"
          />
        </div>
        <button type="submit" disabled={pending}>
          {pending ? "Checking…" : "Verify"}
        </button>
      </form>
      {result ? <VerdictPanel result={result} /> : null}
    </div>
  );
}

/**
 * The server's answer; a refusal that did not come from the route itself (a proxy, a body limit)
 * still gets a clear sentence.
 */
async function verdictFrom(response: Response, maxBytes: number): Promise<Verdict> {
  try {
    return (await response.json()) as Verdict;
  } catch {
    if (response.status === 429)
      return { error: "Too many documents checked from your network. Please try again in a few minutes." };
    if (response.status === 413)
      return { error: `The file is larger than ${maxBytes / 1024 / 1024} MB; an Imprimatur record is far smaller.` };
    return { error: "The file could not be checked. Please try again." };
  }
}

/** The seal's verdict, with its timestamp beside it. Exported for its rendering test. */
export function VerdictPanel({ result }: { result: Verdict }) {
  if ("error" in result)
    return (
      <p className="notice error" role="alert">
        {result.error}
      </p>
    );
  if (result.verdict === "genuine") {
    const { record } = result;
    return (
      <div className="notice ok" role="status">
        <h2>Genuine</h2>
        <p>This is an unaltered, digitally sealed record kept by this publisher.</p>
        <dl className="facts">
          <dt>Article</dt>
          <dd>{record.articleTitle}</dd>
          <dt>Proceedings</dt>
          <dd>{record.proceedingsName}</dd>
          <dt>Signed by</dt>
          <dd>
            {record.signer} (typed signature “{record.signatureName}”)
          </dd>
          <dt>Signed</dt>
          <dd>{utc(record.signedAt)}</dd>
          <dt>Sealed</dt>
          <dd>{utc(record.sealedAt)}</dd>
          <dt>Timestamp</dt>
          <dd>
            <TimestampFacts timestamp={result.timestamp} />
          </dd>
          <dt>SHA-256</dt>
          <dd>
            <code>{result.sha256}</code>
          </dd>
          <DocumentTimestampFacts checks={result.documentTimestamps} />
        </dl>
      </div>
    );
  }
  const title = { altered: "Altered", unknown: "Unknown document", "not-pdf": "Not a PDF" }[result.verdict];
  return (
    <div
      className={`notice ${result.verdict === "altered" || result.verdict === "not-pdf" ? "error" : ""}`}
      role="alert"
    >
      <h2>{title}</h2>
      <p>{result.reason}</p>
      {"timestamp" in result && result.timestamp ? (
        <p>
          Timestamp: <TimestampFacts timestamp={result.timestamp} />
        </p>
      ) : null}
      {"sha256" in result ? (
        <p>
          SHA-256 of the file: <code>{result.sha256}</code>
        </p>
      ) : null}
      {result.documentTimestamps ? (
        <dl className="facts">
          <DocumentTimestampFacts checks={result.documentTimestamps} />
        </dl>
      ) : null}
    </div>
  );
}

/** Who vouches for the seal's time, and whether that holds; without a token, whose clock it was. */
function TimestampFacts({ timestamp }: { timestamp: TimestampReport | null }) {
  if (!timestamp) return <>none: the sealing time is the publisher&rsquo;s server&rsquo;s own clock</>;
  const vouched = `${timestamp.time ? utcSeconds(timestamp.time) : "an unreadable time"} according to ${
    timestamp.authority ?? "an unnamed authority"
  }`;
  if (timestamp.valid) return <>{vouched}: timestamp valid</>;
  return (
    <>
      <strong>timestamp invalid</strong> ({timestamp.problem}); it claims {vouched}
    </>
  );
}

const utcSeconds = (iso: string) => `${iso.slice(0, 19).replace("T", " ")} UTC`;
/** The document timestamps (B-LTA) in the file, each with the authority's time and whether it holds. */
function DocumentTimestampFacts({ checks }: { checks?: DocumentTimestampCheck[] }) {
  if (!checks?.length) return null;
  return (
    <>
      <dt>Document timestamps</dt>
      <dd>
        <ul>
          {checks.map((check, index) => (
            <li key={index}>
              {check.time ? utc(check.time) : "no time"} by {check.authority ?? "an unnamed authority"}:{" "}
              {check.valid
                ? `valid${check.trusted === false ? ", but the authority is not one this publisher trusts" : ""}`
                : `not valid (${check.problem ?? "it does not hold"})`}
              {check.valid && !check.coversWholeDocument ? "; the file was changed after it" : ""}
            </li>
          ))}
        </ul>
      </dd>
    </>
  );
}
