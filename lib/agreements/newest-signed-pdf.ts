import "server-only";
import type { Tx } from "@/lib/db/client";
import { db } from "@/lib/db/client";

/** The PDF a download hands out: the sealed one, or its newest document-timestamped version. */
export type ServedPdf = {
  agreementId: string;
  pdf: Uint8Array<ArrayBuffer>;
  sha256: string;
  sizeBytes: number;
  /** When this version was made: the seal, or the newest document timestamp. */
  madeAt: Date;
  /** 0 for the sealed PDF, n for the n-th document-timestamped version. */
  version: number;
};

/**
 * The newest version of each agreement's sealed PDF (none for an agreement not sealed yet). Every
 * version starts with the bytes of the one before, so the newest carries the seal and every
 * document timestamp, and whoever holds an older one holds a prefix of it.
 */
export async function newestSignedPdfs(agreementIds: string[], client: Tx = db): Promise<Map<string, ServedPdf>> {
  if (agreementIds.length === 0) return new Map();
  const [sealed, timestamped] = await Promise.all([
    client.signedDocument.findMany({
      where: { agreementId: { in: agreementIds } },
      select: { agreementId: true, pdf: true, sha256: true, sizeBytes: true, sealedAt: true },
    }),
    client.timestampedDocument.findMany({
      where: { agreementId: { in: agreementIds } },
      distinct: ["agreementId"],
      orderBy: [{ agreementId: "asc" }, { version: "desc" }],
      select: { agreementId: true, pdf: true, sha256: true, sizeBytes: true, createdAt: true, version: true },
    }),
  ]);
  const served = new Map<string, ServedPdf>();
  for (const { sealedAt, ...document } of sealed)
    served.set(document.agreementId, { ...document, madeAt: sealedAt, version: 0 });
  for (const { createdAt, ...document } of timestamped)
    served.set(document.agreementId, { ...document, madeAt: createdAt });
  return served;
}

export async function newestSignedPdf(agreementId: string, client: Tx = db): Promise<ServedPdf | undefined> {
  return (await newestSignedPdfs([agreementId], client)).get(agreementId);
}
