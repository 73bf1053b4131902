import "server-only";
import { db } from "@/lib/db/client";

/** Everything staff see about one agreement: the frozen text, its evidence and its emails. */
export async function getAgreementRecord(id: string) {
  return db.agreement.findUnique({
    where: { id },
    include: {
      proceedings: true,
      templateVersion: { select: { key: true, version: true, template: { select: { name: true } } } },
      issuedBy: { select: { email: true } },
      auditEvents: { orderBy: { id: "asc" } },
      emails: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          kind: true,
          to: true,
          status: true,
          attempts: true,
          lastError: true,
          sentAt: true,
          createdAt: true,
        },
      },
      signedDocument: {
        select: {
          sha256: true,
          sizeBytes: true,
          sealedAt: true,
          timestampAt: true,
          timestampAuthority: true,
          timestampMissing: true,
        },
      },
      timestampedDocuments: {
        orderBy: { version: "asc" },
        select: {
          version: true,
          sha256: true,
          sizeBytes: true,
          timestampAt: true,
          timestampAuthority: true,
          reason: true,
        },
      },
      signers: { orderBy: { position: "asc" } },
      supersedes: { select: { id: true } },
      supersededBy: { select: { id: true } },
    },
  });
}

export type AgreementRecord = NonNullable<Awaited<ReturnType<typeof getAgreementRecord>>>;
