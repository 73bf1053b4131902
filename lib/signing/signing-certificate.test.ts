import { execFile } from "node:child_process";
import { stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { temporaryDirectory } from "@/test/pdf-signature-fixtures";
import { db } from "@/lib/db/client";
import { loadSigningCertificate, loadStoredSigningCertificate, signingCertificateFromEnv } from "./signing-certificate";
import { sqlAs } from "@/test/database-as";

const run = promisify(execFile);

/** A 30-day self-signed RSA certificate and its key, as a publisher's CA tooling would hand them over. */
function makeSelfSignedPem(key: string, cert: string, subject: string) {
  const args = [
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    key,
    "-out",
    cert,
    "-days",
    "30",
    "-subj",
    subject,
  ];
  return run("openssl", ["req", ...args]);
}
const hasOpenssl = await run("openssl", ["version"]).then(
  () => true,
  () => false,
);

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dir: dataDir, remove } = await temporaryDirectory()));
afterEach(() => remove());

describe("the generated self-signed seal", () => {
  test("is generated at first use, kept, and the same on every later load", async () => {
    const first = await loadSigningCertificate({ dataDir, commonName: "PMLR" });
    const second = await loadSigningCertificate({ dataDir, commonName: "PMLR" });

    expect(second.fingerprintSha256).toBe(first.fingerprintSha256);
    expect(first.fingerprintSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first).toMatchObject({ selfSigned: true, subject: "PMLR document seal (self-signed)" });
    expect(first.certificatePem).toContain("BEGIN CERTIFICATE");
    expect(first.notAfter.getFullYear()).toBe(new Date().getFullYear() + 10);
    const passphraseFile = await stat(path.join(dataDir, "signing-certificate.passphrase"));
    expect(passphraseFile.mode & 0o777).toBe(0o600);
  });

  test("processes starting at the same time all end up with one and the same seal", async () => {
    const loads = await Promise.all([1, 2, 3, 4].map(() => loadSigningCertificate({ dataDir, commonName: "PMLR" })));

    expect(new Set(loads.map((certificate) => certificate.fingerprintSha256)).size).toBe(1);
    expect((await loadSigningCertificate({ dataDir, commonName: "PMLR" })).fingerprintSha256).toBe(
      loads[0].fingerprintSha256,
    );
  });

  test("a kept .p12 whose passphrase file is gone is reported, not silently replaced", async () => {
    await loadSigningCertificate({ dataDir, commonName: "PMLR" });
    await unlink(path.join(dataDir, "signing-certificate.passphrase"));
    await expect(loadSigningCertificate({ dataDir, commonName: "PMLR" })).rejects.toThrow(
      "but not its passphrase file",
    );
  });
});

describe("the app's generated seal, shared by every instance", () => {
  // The app's role may only add the stored seal, never remove it: the owner clears it between tests.
  const forgetStored = () => sqlAs("owner", `DELETE FROM "StoredSigningCertificate"`);

  test("is stored in PostgreSQL for PUBLISHER_NAME, not in DATA_DIR, and read once per process", async () => {
    await forgetStored();
    const saved = {
      DATA_DIR: process.env.DATA_DIR,
      PUBLISHER_NAME: process.env.PUBLISHER_NAME,
      SIGNING_CERT_P12: process.env.SIGNING_CERT_P12,
    };
    Object.assign(process.env, { DATA_DIR: dataDir, PUBLISHER_NAME: "Example Press", SIGNING_CERT_P12: "" });
    try {
      const first = await signingCertificateFromEnv();
      expect(first.subject).toBe("Example Press document seal (self-signed)");
      expect(await signingCertificateFromEnv()).toBe(first);
      await expect(stat(path.join(dataDir, "signing-certificate.p12"))).rejects.toThrow("ENOENT");
      const [row] = await db.storedSigningCertificate.findMany();
      expect(row).toMatchObject({ fingerprintSha256: first.fingerprintSha256, certificatePem: first.certificatePem });
      // Whoever reads the table gets neither the private key nor its passphrase.
      expect(row.sealedP12).not.toContain(first.passphrase);
      expect(row.sealedP12).not.toContain(first.p12.toString("base64").slice(0, 40));
      expect(row.sealedP12).not.toContain(first.p12.toString("base64url").slice(0, 40));
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test("is one and the same for instances that start at once, each with its own DATA_DIR", async () => {
    await forgetStored();
    const others = await Promise.all([1, 2, 3].map(() => temporaryDirectory()));
    try {
      const loads = await Promise.all(
        [dataDir, ...others.map((other) => other.dir)].map((dir) =>
          loadStoredSigningCertificate({ dataDir: dir, commonName: "PMLR" }),
        ),
      );
      expect(new Set(loads.map((certificate) => certificate.fingerprintSha256)).size).toBe(1);
      expect(await db.storedSigningCertificate.count()).toBe(1);
    } finally {
      await Promise.all(others.map((other) => other.remove()));
    }
  });

  test("takes over the seal an older install generated into DATA_DIR, keeping its fingerprint", async () => {
    await forgetStored();
    const old = await loadSigningCertificate({ dataDir, commonName: "PMLR" });
    const stored = await loadStoredSigningCertificate({ dataDir, commonName: "PMLR" });
    expect(stored.fingerprintSha256).toBe(old.fingerprintSha256);
    const { dir: elsewhere, remove: removeElsewhere } = await temporaryDirectory();
    try {
      expect((await loadStoredSigningCertificate({ dataDir: elsewhere, commonName: "PMLR" })).fingerprintSha256).toBe(
        old.fingerprintSha256,
      );
    } finally {
      await removeElsewhere();
    }
  });

  test("cannot be opened with another NEXTAUTH_SECRET, and says which setting to fix", async () => {
    await forgetStored();
    await loadStoredSigningCertificate({ dataDir, commonName: "PMLR" });
    const saved = process.env.NEXTAUTH_SECRET;
    process.env.NEXTAUTH_SECRET = "another instance's secret";
    try {
      await expect(loadStoredSigningCertificate({ dataDir, commonName: "PMLR" })).rejects.toThrow(
        "cannot be decrypted with this NEXTAUTH_SECRET: every instance must use the NEXTAUTH_SECRET it was stored with",
      );
    } finally {
      process.env.NEXTAUTH_SECRET = saved;
    }
  });
});

describe("a configured .p12", () => {
  test("with the wrong passphrase is refused with a clear error", async () => {
    await loadSigningCertificate({ dataDir, commonName: "PMLR" });
    const p12Path = path.join(dataDir, "signing-certificate.p12");

    await expect(
      loadSigningCertificate({ p12Path, passphrase: "not it", dataDir, commonName: "PMLR" }),
    ).rejects.toThrow(`Wrong passphrase for the signing certificate ${p12Path}.`);
  });

  test("that does not exist is named in the error", async () => {
    const p12Path = path.join(dataDir, "missing.p12");
    await expect(loadSigningCertificate({ p12Path, dataDir, commonName: "PMLR" })).rejects.toThrow(
      `${p12Path} does not exist`,
    );
  });

  test("that is not a PKCS#12 file says so", async () => {
    const p12Path = path.join(dataDir, "certificate.pem.p12");
    await writeFile(p12Path, "-----BEGIN CERTIFICATE-----\n");
    await expect(loadSigningCertificate({ p12Path, dataDir, commonName: "PMLR" })).rejects.toThrow(
      "is not a PKCS#12 (.p12/.pfx) file",
    );
  });

  test.skipIf(!hasOpenssl)("made by OpenSSL loads, with the fingerprint OpenSSL reports", async () => {
    const [key, cert, p12Path] = ["key.pem", "cert.pem", "seal.p12"].map((name) => path.join(dataDir, name));
    await makeSelfSignedPem(key, cert, "/CN=Example Press seal/O=Example Press");
    await run("openssl", ["pkcs12", "-export", "-inkey", key, "-in", cert, "-out", p12Path, "-passout", "pass:s3cret"]);
    const { stdout } = await run("openssl", ["x509", "-in", cert, "-noout", "-fingerprint", "-sha256"]);

    const certificate = await loadSigningCertificate({ p12Path, passphrase: "s3cret", dataDir, commonName: "PMLR" });

    expect(certificate).toMatchObject({ subject: "Example Press seal", selfSigned: true });
    expect(certificate.fingerprintSha256).toBe(stdout.split("=")[1].trim().replaceAll(":", "").toLowerCase());
  });

  test.skipIf(!hasOpenssl)("holding only a certificate is refused for lack of a private key", async () => {
    const [key, cert, p12Path] = ["key.pem", "cert.pem", "no-key.p12"].map((name) => path.join(dataDir, name));
    await makeSelfSignedPem(key, cert, "/CN=No key");
    await run("openssl", ["pkcs12", "-export", "-nokeys", "-in", cert, "-out", p12Path, "-passout", "pass:s3cret"]);

    await expect(
      loadSigningCertificate({ p12Path, passphrase: "s3cret", dataDir, commonName: "PMLR" }),
    ).rejects.toThrow("contains no private key");
  });
});
