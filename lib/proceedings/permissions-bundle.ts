import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { sha256Hex } from "@/lib/crypto/hashing";
import { newestSignedPdfs } from "@/lib/agreements/newest-signed-pdf";
import { bundleFileName, safeFileStem, uniqueNames } from "./bundle-file-names";
import { manifestCsv, missingCsv, type ManifestRow } from "./bundle-csv";
import { zipCollector } from "./bundle-zip";
import { choiceColumns } from "@/lib/agreements/choice-columns";
import { storedChoiceAnswers } from "@/lib/agreements/stored-choice-answers";

// PDFs are read this many at a time: a volume has thousands, and only a batch's query results
// (besides the archive being built) are in memory at once.
const PDF_BATCH = 50;

export type PermissionsBundle = {
  zip: Uint8Array;
  fileName: string;
  documents: number;
  missing: { paperId: string | null; title: string; status: string }[];
};

/**
 * The permissions a printer or an archive asks for: one `<paperId>Permission.pdf` per paper whose
 * current agreement (the one not superseded) is signed and sealed, a manifest with each PDF's
 * SHA-256, and `missing.csv` for the papers still outstanding.
 */
export async function buildPermissionsBundle(proceedingsId: string): Promise<PermissionsBundle> {
  const volume = await db.proceedings.findUnique({
    where: { id: proceedingsId },
    select: { name: true, shortName: true },
  });
  if (!volume) throw new AppError("NOT_FOUND", { userMessage: `No proceedings ${proceedingsId}.` });
  const agreements = await db.agreement.findMany({
    where: { proceedingsId, supersededBy: { is: null } },
    select: {
      id: true,
      paperId: true,
      articleTitle: true,
      status: true,
      sealStatus: true,
      signatureName: true,
      signedAt: true,
      choiceAnswers: true,
      signedDocument: { select: { agreementId: true } },
    },
    orderBy: [{ paperId: "asc" }, { id: "asc" }],
  });
  const sealed = agreements.filter((a) => a.status === "signed" && a.signedDocument);
  const outstanding = agreements
    .filter((a) => !(a.status === "signed" && a.signedDocument))
    .map((a) => ({
      id: a.id,
      paperId: a.paperId,
      title: a.articleTitle,
      status: a.status === "signed" ? `signed, seal ${a.sealStatus ?? "pending"}` : a.status,
    }));

  const archive = zipCollector();
  const fileNameFor = uniqueNames();
  const manifest: ManifestRow[] = [];
  for (let start = 0; start < sealed.length; start += PDF_BATCH) {
    const batch = sealed.slice(start, start + PDF_BATCH);
    // The newest version of each: the seal plus any document timestamps added since.
    const byAgreement = await newestSignedPdfs(batch.map((a) => a.id));
    for (const agreement of batch) {
      const document = byAgreement.get(agreement.id);
      if (!document)
        throw new Error(`The signed document of agreement ${agreement.id} disappeared while the bundle was built.`);
      // A bundle is evidence handed on: a stored PDF that no longer matches its hash must not be.
      if (sha256Hex(document.pdf) !== document.sha256)
        throw new Error(`The stored PDF of agreement ${agreement.id} does not match its SHA-256.`);
      const file = fileNameFor(safeFileStem(agreement.paperId ?? agreement.id, agreement.id), "Permission.pdf");
      archive.add(file, document.pdf, document.madeAt);
      manifest.push({
        paperId: agreement.paperId ?? agreement.id,
        title: agreement.articleTitle,
        signer: agreement.signatureName ?? "",
        signedUtc: agreement.signedAt?.toISOString() ?? "",
        sha256: document.sha256,
        file,
        choices: choiceColumns(storedChoiceAnswers(agreement.choiceAnswers)),
      });
    }
  }
  const now = new Date();
  archive.add("manifest.csv", manifestCsv(manifest), now);
  if (outstanding.length > 0)
    archive.add("missing.csv", missingCsv(outstanding.map((m) => ({ ...m, paperId: m.paperId ?? m.id }))), now);
  return {
    zip: archive.finish(),
    fileName: bundleFileName(volume),
    documents: manifest.length,
    missing: outstanding.map(({ paperId, title, status }) => ({ paperId, title, status })),
  };
}
