import "server-only";
import { X509Certificate } from "node:crypto";
import { SYSTEM_CONTEXT } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { enqueueJobs } from "@/lib/queue/enqueue-jobs";
import { certificatesInPdf } from "@/lib/signing/collect-validation-data";
import { timestampAuthorityFromEnv } from "@/lib/timestamp/timestamp-authority-settings";
import type { DocumentTimestampReason } from "./timestamp-signed-document";
import { timestampSignedDocument } from "./timestamp-signed-document";

const DAY_MS = 24 * 60 * 60 * 1000;

/** TIMESTAMP_RENEW_DAYS (default 90): how long before a certificate expires its documents are timestamped. */
export function timestampRenewDays(env: Record<string, string | undefined> = process.env): number {
  const value = env.TIMESTAMP_RENEW_DAYS?.trim();
  if (!value) return 90;
  const days = Number(value);
  if (!Number.isFinite(days) || days <= 0)
    throw new Error(`TIMESTAMP_RENEW_DAYS must be a positive number of days, not "${value}".`);
  return days;
}

export type DueDocument = { agreementId: string; reason: DocumentTimestampReason; newestVersion: number };

/**
 * The sealed documents that need a document timestamp now:
 * - the seal certificate expires within TIMESTAMP_RENEW_DAYS and the newest version has no document
 *   timestamp made since that window opened (so the seal's validity is vouched for while it holds);
 * - the newest document timestamp's own authority certificate expires within that window (B-LTA:
 *   each timestamp is renewed before it can no longer be checked);
 * - the seal was made without its signature timestamp (timestampMissing) and none was added since.
 */
export async function findDocumentsDueForTimestamp(now = new Date()): Promise<DueDocument[]> {
  const windowMs = timestampRenewDays() * DAY_MS;
  const horizon = new Date(now.getTime() + windowMs);
  // The windows' openings per seal certificate: an installation has seen only a few certificates,
  // so each is read once from one PDF it sealed rather than once per document.
  const certificates = await sealCertificateExpiries();
  const expiring = certificates.filter((certificate) => certificate.notAfter < horizon);
  const fingerprints = expiring.map((certificate) => certificate.fingerprint);
  const windowOpened = expiring.map((certificate) => new Date(certificate.notAfter.getTime() - windowMs).toISOString());
  const rows = await db.$queryRaw<{ agreementId: string; reason: DocumentTimestampReason; newestVersion: number }[]>`
    WITH newest AS (
      SELECT DISTINCT ON ("agreementId") "agreementId", version, "timestampAt", "authorityCertificateNotAfter"
        FROM "TimestampedDocument" ORDER BY "agreementId", version DESC
    ), seal AS (
      SELECT * FROM unnest(${fingerprints}::text[], ${windowOpened}::timestamp[]) AS s(fingerprint, "windowOpened")
    )
    SELECT d."agreementId",
           CASE WHEN s.fingerprint IS NOT NULL AND (n."timestampAt" IS NULL OR n."timestampAt" < s."windowOpened")
                  THEN 'seal-certificate-expiring'
                WHEN n."authorityCertificateNotAfter" < ${horizon.toISOString()}::timestamp
                  THEN 'authority-certificate-expiring'
                ELSE 'timestamp-missing' END AS reason,
           COALESCE(n.version, 0)::int AS "newestVersion"
      FROM "SignedDocument" d
      LEFT JOIN newest n ON n."agreementId" = d."agreementId"
      LEFT JOIN seal s ON s.fingerprint = d."certificateSha256"
     WHERE (s.fingerprint IS NOT NULL AND (n."timestampAt" IS NULL OR n."timestampAt" < s."windowOpened"))
        OR n."authorityCertificateNotAfter" < ${horizon.toISOString()}::timestamp
        OR (d."timestampMissing" AND n."agreementId" IS NULL)
     ORDER BY d."agreementId"`;
  return rows;
}

async function sealCertificateExpiries(): Promise<{ fingerprint: string; notAfter: Date }[]> {
  const fingerprints = await db.$queryRaw<{ fingerprint: string }[]>(
    Prisma.sql`SELECT DISTINCT "certificateSha256" AS fingerprint FROM "SignedDocument" WHERE "certificateSha256" IS NOT NULL`,
  );
  const expiries: { fingerprint: string; notAfter: Date }[] = [];
  for (const { fingerprint } of fingerprints) {
    const sample = await db.signedDocument.findFirst({
      where: { certificateSha256: fingerprint },
      select: { pdf: true },
    });
    const certificate =
      sample &&
      certificatesInPdf(Buffer.from(sample.pdf))
        .map((der) => new X509Certificate(der))
        .find((candidate) => candidate.fingerprint256.replaceAll(":", "").toLowerCase() === fingerprint);
    if (certificate) expiries.push({ fingerprint, notAfter: new Date(certificate.validTo) });
  }
  return expiries;
}

/**
 * The daily run (graphile-worker's crontab): queues one `timestamp_document` job per due document,
 * so the work spreads over every worker and one slow document holds up no other. Does nothing
 * without TSA_URL. Returns how many were queued.
 */
export async function queueDueDocumentTimestamps(now = new Date()): Promise<number> {
  if (!timestampAuthorityFromEnv()) return 0;
  const due = await findDocumentsDueForTimestamp(now);
  await db.$transaction((tx) => enqueueJobs(tx, "timestamp_document", due));
  return due.length;
}

/**
 * One due document, as the job runs it: the system adds the timestamp, unless a newer version
 * appeared since it was found due. An unavailable authority fails the job, which is not retried:
 * the document stays as it was and the next daily run finds it due again.
 */
export async function timestampDueDocument(document: DueDocument) {
  await timestampSignedDocument(SYSTEM_CONTEXT, {
    agreementId: document.agreementId,
    reason: document.reason,
    ifNewestVersion: document.newestVersion,
  });
}
