import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ContentInfo, PKIStatusInfo, TimeStampResp } from "pkijs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestTimestampAuthority, type TestTimestampAuthority } from "@/test/timestamp-authority";
import { AppError } from "@/lib/errors/app-error";
import { requestTimestamp } from "./request-timestamp";
import { timestampAuthorityFromEnv, type TimestampAuthority } from "./timestamp-authority-settings";
import { verifyTimestampToken } from "./verify-timestamp-token";

const run = promisify(execFile);

let tsa: TestTimestampAuthority;
let otherTsa: TestTimestampAuthority;
let authority: TimestampAuthority;
let dir: string;
beforeAll(async () => {
  [tsa, otherTsa] = await Promise.all([
    startTestTimestampAuthority(),
    startTestTimestampAuthority({ name: "Another Authority" }),
  ]);
  authority = timestampAuthorityFromEnv({ ...tsa.env(), TSA_TIMEOUT_SECONDS: "1" })!;
  dir = await mkdtemp(path.join(os.tmpdir(), "imprimatur-tsa-test-"));
});
afterAll(async () => {
  await Promise.all([tsa.stop(), otherTsa.stop(), rm(dir, { recursive: true, force: true })]);
});

const data = Buffer.from("the signature value of a sealed agreement");

async function expectUnavailable(promise: Promise<unknown>, sentence: RegExp) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("TIMESTAMP_UNAVAILABLE");
  expect((error as AppError).userMessage).toMatch(sentence);
}

describe("a timestamp from a working authority", () => {
  test("is a token OpenSSL verifies against the authority's CA for exactly these bytes", async () => {
    const token = await requestTimestamp(authority, data);
    await writeFile(path.join(dir, "token.der"), token.der);
    await writeFile(path.join(dir, "data"), data);
    const { stdout } = await run("openssl", [
      "ts", "-verify", "-token_in", "-in", path.join(dir, "token.der"), "-data", path.join(dir, "data"),
      "-CAfile", tsa.caCertificatePath,
    ]); // prettier-ignore
    expect(stdout).toContain("Verification: OK");
  });

  test("names the authority and a time within a second or two of now", async () => {
    const before = Date.now();
    const token = await requestTimestamp(authority, [data.subarray(0, 5), data.subarray(5)]);
    expect(token.authority).toBe("Imprimatur Test Timestamp Authority");
    expect(Math.abs(token.time.getTime() - before)).toBeLessThan(3000);
    expect(token.certificateSha256).toBe(
      new X509Certificate(tsa.tsaCertificatePem).fingerprint256.replaceAll(":", "").toLowerCase(),
    );
  });

  test("checks as valid and trusted over the same bytes, and says which root it chains to", async () => {
    const token = await requestTimestamp(authority, data);
    const trusted = await verifyTimestampToken(token.der, data, { trustedCertificates: authority.trustedCertificates });
    expect(trusted).toMatchObject({ valid: true, trusted: true, authority: "Imprimatur Test Timestamp Authority" });
    const otherRoot = [new X509Certificate(otherTsa.caCertificatePem).raw];
    expect(await verifyTimestampToken(token.der, data, { trustedCertificates: otherRoot })).toMatchObject({
      valid: true,
      trusted: false,
    });
  });

  test("does not hold for other bytes, nor once a byte of the token is changed", async () => {
    const token = await requestTimestamp(authority, data);
    const otherData = await verifyTimestampToken(token.der, Buffer.from("another signature value"));
    expect(otherData).toMatchObject({ valid: false, problem: "the timestamp is for other data than this" });

    // Change one byte of the authority's signature (the token's last bytes) and then of its time.
    const signatureChanged = Buffer.from(token.der);
    signatureChanged[signatureChanged.length - 10] ^= 0x01;
    expect(await verifyTimestampToken(signatureChanged, data)).toMatchObject({ valid: false });
    const timeAt = token.der.indexOf(Buffer.from(token.time.toISOString().slice(0, 4)));
    const timeChanged = Buffer.from(token.der);
    timeChanged[timeAt + 3] ^= 0x01; // 2026 → 2027
    const verdict = await verifyTimestampToken(timeChanged, data);
    expect(verdict.valid).toBe(false);
  });

  test("sends the configured user name and password", async () => {
    await requestTimestamp({ ...authority, username: "press", password: "s3cret:with colon" }, data);
    expect(tsa.lastAuthorization).toBe(`Basic ${Buffer.from("press:s3cret:with colon").toString("base64")}`);
  });

  test("is not taken from a damaged token", async () => {
    expect(await verifyTimestampToken(Buffer.from("not a token"), data)).toMatchObject({
      valid: false,
      problem: expect.stringMatching(/^the timestamp token is damaged/),
    });
  });
});

describe("an authority that fails", () => {
  test("down: says it could not be reached", async () => {
    tsa.behave("down");
    try {
      await expectUnavailable(
        requestTimestamp(authority, data),
        /^The timestamp authority at http:\/\/127\.0\.0\.1:\d+\/tsa could not be reached/,
      );
    } finally {
      tsa.behave("ok");
    }
  });

  test("refusing connections: says so", async () => {
    const closed = await startTestTimestampAuthority();
    const url = closed.url;
    await closed.stop();
    await expectUnavailable(
      requestTimestamp({ ...authority, url }, data),
      /could not be reached \(connection refused\)/,
    );
  });

  test("slow: gives up after TSA_TIMEOUT_SECONDS and says so", async () => {
    tsa.behave("slow");
    const started = Date.now();
    try {
      await expectUnavailable(requestTimestamp(authority, data), /did not answer within 1 s/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      tsa.behave("ok");
    }
  });

  test("answering garbage: says it is not a timestamp reply", async () => {
    tsa.behave("garbage");
    try {
      await expectUnavailable(requestTimestamp(authority, data), /not an RFC 3161 timestamp reply/);
    } finally {
      tsa.behave("ok");
    }
  });

  test("refusing the request: gives the authority's status", async () => {
    tsa.behave("refusing");
    try {
      await expectUnavailable(requestTimestamp(authority, data), /refused to timestamp \(rejection/);
    } finally {
      tsa.behave("ok");
    }
  });

  test("answering a wrong HTTP status: gives it, and hints at the credentials for 401", async () => {
    const server = createServer((_request, response) => {
      response.writeHead(401);
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      await expectUnavailable(
        requestTimestamp({ ...authority, url: `http://user:secret@127.0.0.1:${port}/` }, data),
        /^The timestamp authority at http:\/\/127\.0\.0\.1:\d+ answered HTTP 401\. Check TSA_USERNAME/,
      );
    } finally {
      server.close();
    }
  });

  test("answering with a token for another request is refused", async () => {
    // A replayed reply: a genuine token, for other data, sent back to a new request.
    const token = await requestTimestamp(authority, Buffer.from("yesterday's data"));
    const reply = new TimeStampResp({
      status: new PKIStatusInfo({ status: 0 }),
      timeStampToken: ContentInfo.fromBER(new Uint8Array(token.der)),
    });
    const replayed = createServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/timestamp-reply" });
      response.end(Buffer.from(reply.toSchema().toBER(false)));
    });
    await new Promise<void>((resolve) => replayed.listen(0, "127.0.0.1", resolve));
    const { port } = replayed.address() as { port: number };
    try {
      await expectUnavailable(
        requestTimestamp({ ...authority, url: `http://127.0.0.1:${port}/` }, data),
        /timestamp for another request/,
      );
    } finally {
      replayed.close();
    }
  });
});

describe("the TSA_* settings", () => {
  test("without TSA_URL there is no authority", () => {
    expect(timestampAuthorityFromEnv({})).toBeNull();
  });

  test("refuse what cannot work, naming the setting", () => {
    expect(() => timestampAuthorityFromEnv({ TSA_URL: "ftp://tsa.example" })).toThrow(/TSA_URL must be an http/);
    expect(() => timestampAuthorityFromEnv({ TSA_URL: "http://tsa.example", TSA_CLIENT_CERT: "/x.pem" })).toThrow(
      /TSA_CLIENT_CERT and TSA_CLIENT_KEY go together/,
    );
    expect(() =>
      timestampAuthorityFromEnv({ TSA_URL: "http://tsa.example", TSA_TRUSTED_CERTS: "/no/such/file.pem" }),
    ).toThrow(/TSA_TRUSTED_CERTS names \/no\/such\/file.pem, which cannot be read/);
    expect(() => timestampAuthorityFromEnv({ TSA_URL: "http://tsa.example", TSA_TIMEOUT_SECONDS: "soon" })).toThrow(
      /TSA_TIMEOUT_SECONDS must be a number from 0\.1 to 600 \(seconds\); got "soon"/,
    );
  });

  test("default to a 10 s timeout and a 60 min grace", () => {
    expect(timestampAuthorityFromEnv({ TSA_URL: "https://tsa.example/tsr" })).toMatchObject({
      timeoutMs: 10_000,
      graceMs: 3_600_000,
      trustedCertificates: [],
    });
  });
});
