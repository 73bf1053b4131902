import "server-only";
import { db } from "@/lib/db/client";
import type { AgreementStatus } from "@/lib/db/generated/enums";

export const BOARD_PAGE_SIZE = 50;

/** A volume at a glance: how many papers stand where, and one page of its current agreements. */
export async function volumeBoard({
  proceedingsId,
  status,
  page,
}: {
  proceedingsId: string;
  status?: AgreementStatus;
  page: number;
}) {
  const volume = await db.proceedings.findUnique({ where: { id: proceedingsId } });
  if (!volume) return null;
  // Superseded agreements are history: the board counts each paper once, by its current agreement.
  const current = { proceedingsId, supersededBy: { is: null } };
  const grouped = await db.agreement.groupBy({ by: ["status"], where: current, _count: { _all: true } });
  const counts = Object.fromEntries(grouped.map((g) => [g.status, g._count._all])) as Partial<
    Record<AgreementStatus, number>
  >;
  const total = grouped.reduce((sum, g) => sum + g._count._all, 0);
  const filtered = status ? { ...current, status } : current;
  const matching = status ? (counts[status] ?? 0) : total;
  const pageCount = Math.max(1, Math.ceil(matching / BOARD_PAGE_SIZE));
  const currentPage = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
  const agreements = await db.agreement.findMany({
    where: filtered,
    orderBy: [{ paperId: "asc" }, { issuedAt: "asc" }],
    skip: (currentPage - 1) * BOARD_PAGE_SIZE,
    take: BOARD_PAGE_SIZE,
    select: {
      id: true,
      paperId: true,
      articleTitle: true,
      correspondingAuthorName: true,
      correspondingAuthorEmail: true,
      status: true,
      issuedAt: true,
      signedAt: true,
      sealStatus: true,
      signers: { select: { status: true } },
      emails: { where: { status: "failed" }, orderBy: { createdAt: "desc" }, take: 1, select: { lastError: true } },
    },
  });
  const imports = await db.bulkImport.findMany({
    where: { proceedingsId },
    orderBy: { createdAt: "desc" },
    take: 5,
    select: { id: true, fileName: true, status: true, total: true, issued: true, skipped: true, createdAt: true },
  });
  const signerCounts = await countSigners(proceedingsId);
  return { volume, counts, total, signerCounts, agreements, page: currentPage, pageCount, imports };
}

/**
 * Every-author agreements counted per signer: how many of their authors have signed, are yet to
 * sign, or declined (null when the volume has none). Of current agreements only, like the board.
 */
async function countSigners(proceedingsId: string) {
  const grouped = await db.signer.groupBy({
    by: ["status"],
    where: { agreement: { proceedingsId, supersededBy: { is: null }, status: { notIn: ["voided", "expired"] } } },
    _count: { _all: true },
  });
  if (grouped.length === 0) return null;
  const count = (status: string) => grouped.find((g) => g.status === status)?._count._all ?? 0;
  const total = grouped.reduce((sum, g) => sum + g._count._all, 0);
  return { total, signed: count("signed"), declined: count("declined"), waiting: count("sent") + count("viewed") };
}

/** One volume's settings, for pages that need no counts. */
export async function findVolume(proceedingsId: string) {
  return db.proceedings.findUnique({ where: { id: proceedingsId } });
}

export async function listVolumes() {
  const volumes = await db.proceedings.findMany({
    orderBy: { createdAt: "desc" },
    include: { _count: { select: { agreements: true } } },
  });
  const signed = await db.agreement.groupBy({
    by: ["proceedingsId"],
    where: { status: "signed" },
    _count: { _all: true },
  });
  const signedBy = new Map(signed.map((s) => [s.proceedingsId, s._count._all]));
  return volumes.map((v) => ({ ...v, agreementCount: v._count.agreements, signedCount: signedBy.get(v.id) ?? 0 }));
}
