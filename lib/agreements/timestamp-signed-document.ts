import "server-only";
import { X509Certificate } from "node:crypto";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { sha256Hex } from "@/lib/crypto/hashing";
import { db } from "@/lib/db/client";
import { uniqueViolationFields } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors/app-error";
import { addDocumentTimestamp } from "@/lib/signing/add-document-timestamp";
import { collectValidationData } from "@/lib/signing/collect-validation-data";
import { requestTimestamp, type TimestampToken } from "@/lib/timestamp/request-timestamp";
import { timestampAuthorityFromEnv, type TimestampAuthority } from "@/lib/timestamp/timestamp-authority-settings";
import { readTimestampToken } from "@/lib/timestamp/verify-timestamp-token";
import { Certificate } from "pkijs";
import { newestSignedPdf } from "./newest-signed-pdf";

/** Why a document timestamp was added, as stored and as the audit event says. */
export type DocumentTimestampReason =
  "seal-certificate-expiring" | "authority-certificate-expiring" | "timestamp-missing" | "staff";

export type DocumentTimestampResult = {
  version: number;
  sha256: string;
  timestampAt: Date;
  timestampAuthority: string;
  /** False when another worker or staff member added this version first (nothing was added here). */
  added: boolean;
};

/**
 * Adds a document timestamp, with the validation data of every signature already in it, to the
 * newest version of an agreement's sealed PDF, and stores the result as the next version with an
 * audit event, in one transaction. The sealed bytes are never touched: each version extends the one
 * before by an incremental update. An unavailable authority (or CRL/OCSP source) throws
 * TIMESTAMP_UNAVAILABLE and leaves everything as it was. Two callers extending the same version at
 * once: the unique (agreementId, version) lets one store it; the other gets that one back.
 */
export async function timestampSignedDocument(
  context: AuditContext,
  input: {
    agreementId: string;
    reason: DocumentTimestampReason;
    /** The version the caller found due; when a newer one exists by now, nothing is added. */
    ifNewestVersion?: number;
  },
  authority: TimestampAuthority | null = timestampAuthorityFromEnv(),
): Promise<DocumentTimestampResult> {
  if (!authority)
    throw new AppError("TIMESTAMP_UNAVAILABLE", {
      userMessage: "No timestamp authority is configured: set TSA_URL to add document timestamps.",
    });
  const { agreementId, reason } = input;
  const current = await newestSignedPdf(agreementId);
  if (!current)
    throw new AppError("SEAL_PENDING", { userMessage: "This agreement has no sealed PDF to timestamp yet." });
  if (input.ifNewestVersion !== undefined && current.version !== input.ifNewestVersion) {
    const newest = await db.timestampedDocument.findUniqueOrThrow({
      where: { agreementId_version: { agreementId, version: current.version } },
    });
    return { ...describe(newest), added: false };
  }

  const validationData = await collectValidationData(current.pdf, { timeoutMs: authority.timeoutMs });
  let token: TimestampToken | undefined;
  const pdf = await addDocumentTimestamp(current.pdf, {
    validationData,
    stamp: async (signedBytes) => {
      token = await requestTimestamp(authority, signedBytes);
      return token.der;
    },
  });
  if (!token) throw new Error("The document timestamp was added without a token.");
  const sha256 = sha256Hex(pdf);
  const version = current.version + 1;
  const row = {
    agreementId,
    version,
    pdf: Buffer.from(pdf),
    sha256,
    sizeBytes: pdf.byteLength,
    previousSha256: current.sha256,
    timestampAt: token.time,
    timestampAuthority: token.authority,
    authorityCertificateNotAfter: authorityCertificateNotAfter(token),
    reason,
  };
  try {
    await db.$transaction(async (tx) => {
      await tx.timestampedDocument.create({ data: row });
      await recordEvent(tx, context, {
        agreementId,
        type: "document.timestamped",
        data: {
          version,
          sha256,
          previousSha256: current.sha256,
          reason,
          timestampAt: token!.time.toISOString(),
          authority: token!.authority,
          certificates: validationData.certificates.length,
          crls: validationData.crls.length,
          ocspResponses: validationData.ocspResponses.length,
        },
      });
    });
  } catch (error) {
    if (!uniqueViolationFields(error)?.includes("version")) throw error;
    const winner = await db.timestampedDocument.findUniqueOrThrow({
      where: { agreementId_version: { agreementId, version } },
    });
    return { ...describe(winner), added: false };
  }
  return { ...describe(row), added: true };
}

function describe(row: { version: number; sha256: string; timestampAt: Date; timestampAuthority: string }) {
  const { version, sha256, timestampAt, timestampAuthority } = row;
  return { version, sha256, timestampAt, timestampAuthority };
}

/** When the certificate that signed the token expires: the next renewal must come before. */
function authorityCertificateNotAfter(token: TimestampToken): Date {
  const { signedData } = readTimestampToken(token.der);
  for (const certificate of signedData.certificates ?? []) {
    if (!(certificate instanceof Certificate)) continue;
    const x509 = new X509Certificate(Buffer.from(certificate.toSchema().toBER(false)));
    if (x509.fingerprint256.replaceAll(":", "").toLowerCase() === token.certificateSha256)
      return new Date(x509.validTo);
  }
  throw new Error("The timestamp token does not carry the certificate that signed it.");
}
