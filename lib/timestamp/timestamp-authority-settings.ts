import "server-only";
import { readFileSync } from "node:fs";
import { X509Certificate } from "node:crypto";
import { readNumberSetting } from "@/lib/config/read-number-setting";

/** An RFC 3161 timestamp authority as configured (TSA_*); see the README's "Timestamps". */
export type TimestampAuthority = {
  url: string;
  username?: string;
  password?: string;
  /** A TLS client certificate, for authorities that identify their customers that way. */
  clientCertificate?: { certificatePem: string; keyPem: string };
  /** How long one request may take before the authority counts as unavailable. */
  timeoutMs: number;
  /** How long a seal waits for an unavailable authority before it is made without a timestamp. */
  graceMs: number;
  /** DER of the roots this installation trusts for timestamps (TSA_TRUSTED_CERTS); may be empty. */
  trustedCertificates: Buffer[];
};

type Env = Record<string, string | undefined>;

/**
 * The timestamp authority every seal and audit checkpoint asks, or null when TSA_URL is unset
 * (then seals are PAdES B-B and say their time is the server's own). A setting that cannot be
 * used stops the caller with a sentence naming it, rather than silently sealing without a timestamp.
 */
export function timestampAuthorityFromEnv(env: Env = process.env): TimestampAuthority | null {
  const url = env.TSA_URL?.trim();
  if (!url) return null;
  if (!/^https?:\/\//i.test(url)) throw new Error(`TSA_URL must be an http:// or https:// address, not "${url}".`);
  const certificatePath = env.TSA_CLIENT_CERT?.trim();
  const keyPath = env.TSA_CLIENT_KEY?.trim();
  if (Boolean(certificatePath) !== Boolean(keyPath))
    throw new Error("TSA_CLIENT_CERT and TSA_CLIENT_KEY go together: set both (PEM files) or neither.");
  return {
    url,
    username: env.TSA_USERNAME || undefined,
    password: env.TSA_PASSWORD || undefined,
    clientCertificate:
      certificatePath && keyPath
        ? {
            certificatePem: readSetting(certificatePath, "TSA_CLIENT_CERT"),
            keyPem: readSetting(keyPath, "TSA_CLIENT_KEY"),
          }
        : undefined,
    ...timestampCheckSettings(env),
  };
}

/**
 * The settings that judge timestamps already made — the timeout, the grace and the trusted roots —
 * also without TSA_URL: /verify and audit:verify still check the tokens stored after an
 * authority is dropped, or on a copy of the database.
 */
export function timestampCheckSettings(
  env: Env = process.env,
): Pick<TimestampAuthority, "timeoutMs" | "graceMs" | "trustedCertificates"> {
  return {
    timeoutMs:
      readNumberSetting(env, "TSA_TIMEOUT_SECONDS", { fallback: 10, min: 0.1, max: 600, unit: "seconds" }) * 1000,
    graceMs:
      readNumberSetting(env, "TSA_GRACE_MINUTES", { fallback: 60, min: 0.01, max: 10_080, unit: "minutes" }) * 60_000,
    trustedCertificates: env.TSA_TRUSTED_CERTS?.trim()
      ? pemCertificates(readSetting(env.TSA_TRUSTED_CERTS.trim(), "TSA_TRUSTED_CERTS"), "TSA_TRUSTED_CERTS")
      : [],
  };
}

function readSetting(path: string, name: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`${name} names ${path}, which cannot be read: ${(error as Error).message}`);
  }
}

function pemCertificates(pem: string, name: string): Buffer[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error(`${name} must be a file of PEM certificates; none was found in it.`);
  return blocks.map((block) => {
    try {
      return new X509Certificate(block).raw;
    } catch (error) {
      throw new Error(`${name} holds a certificate that cannot be read: ${(error as Error).message}`);
    }
  });
}
