import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VerdictPanel } from "@/components/verify-form";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { inspectPdfSignature } from "@/lib/signing/inspect-pdf-signature";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { signatureParts, withSignature } from "@/test/pades-fixtures";
import { startTestTimestampAuthority, type TestTimestampAuthority } from "@/test/timestamp-authority";
import { verifyDocument, type DocumentVerdict } from "./verify-document";

let tsa: TestTimestampAuthority;
let otherTsa: TestTimestampAuthority;
let stamped: Uint8Array;
let unstamped: Uint8Array;

async function sealedRecord(title: string): Promise<Uint8Array> {
  const { agreement, token } = await issueTestAgreement({ articleTitle: title });
  await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
  return new Uint8Array((await sealAgreement(agreement.id)).pdf);
}

beforeAll(async () => {
  [tsa, otherTsa] = await Promise.all([
    startTestTimestampAuthority(),
    startTestTimestampAuthority({ name: "Untrusted Timestamp Authority" }),
  ]);
  unstamped = await sealedRecord("Sealed Without An Authority");
  Object.assign(process.env, tsa.env());
  stamped = await sealedRecord("Sealed With An Authority");
});
afterAll(async () => {
  delete process.env.TSA_URL;
  delete process.env.TSA_TRUSTED_CERTS;
  await Promise.all([tsa.stop(), otherTsa.stop()]);
});

/** What the form shows for a verdict, as the route sends it (JSON), in plain text. */
const shown = (verdict: DocumentVerdict) =>
  renderToStaticMarkup(createElement(VerdictPanel, { result: JSON.parse(JSON.stringify(verdict)) }))
    .replace(/<[^>]+>/g, "")
    .replaceAll("&#x27;", "'")
    .replaceAll("’", "'");

describe("/verify with a seal's timestamp", () => {
  it("reports a record sealed with a timestamp authority as genuine, with the authority, its time and valid", async () => {
    const verdict = await verifyDocument(stamped);
    expect(verdict).toMatchObject({
      verdict: "genuine",
      record: { articleTitle: "Sealed With An Authority" },
      timestamp: { authority: "Imprimatur Test Timestamp Authority", valid: true },
    });
    const { time } = (verdict as { timestamp: { time: string } }).timestamp;
    expect(Math.abs(Date.parse(time) - Date.now())).toBeLessThan(60_000);
    expect(shown(verdict)).toContain(
      `Timestamp${time.slice(0, 19).replace("T", " ")} UTC according to Imprimatur Test Timestamp Authority: timestamp valid`,
    );
  });

  it("says a record sealed without an authority has no timestamp: its time is the server's own clock", async () => {
    const verdict = await verifyDocument(unstamped);
    expect(verdict).toMatchObject({ verdict: "genuine", timestamp: null });
    expect(shown(verdict)).toContain("Timestampnone: the sealing time is the publisher's server's own clock");
  });

  it("shows a copy whose token was altered as timestamp invalid while its seal stays valid", async () => {
    const { der } = signatureParts(stamped);
    const altered = Buffer.from(der);
    altered[altered.length - 10] ^= 0x01;
    const copy = withSignature(stamped, altered);

    expect(await inspectPdfSignature(copy)).toMatchObject({ valid: true, coversWholeDocument: true });
    const verdict = await verifyDocument(copy);
    expect(verdict).toMatchObject({
      verdict: "unknown",
      reason:
        "The document carries a valid seal of this publisher, but its timestamp does not hold, and it matches no record kept here.",
      timestamp: {
        authority: "Imprimatur Test Timestamp Authority",
        valid: false,
        problem: "the authority's signature on the timestamp does not verify",
      },
    });
    expect(shown(verdict)).toContain(
      "Timestamp: timestamp invalid (the authority's signature on the timestamp does not verify)",
    );
  });

  it("calls a timestamp from an authority outside TSA_TRUSTED_CERTS invalid, naming why", async () => {
    const trusted = process.env.TSA_TRUSTED_CERTS;
    process.env.TSA_TRUSTED_CERTS = otherTsa.caCertificatePath;
    try {
      expect(await verifyDocument(stamped)).toMatchObject({
        verdict: "genuine",
        timestamp: { valid: false, problem: "it was issued by an authority this publisher does not trust" },
      });
    } finally {
      process.env.TSA_TRUSTED_CERTS = trusted;
    }
  });
});
