import "server-only";
import { db } from "@/lib/db/client";

export const PAGE_SIZE = 25;

/** Newest first; a page number out of range is clamped to a real page. */
export async function listAgreements({ page }: { page: number }) {
  const total = await db.agreement.count();
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
  const rows = await db.agreement.findMany({
    orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
    select: {
      id: true,
      status: true,
      articleTitle: true,
      correspondingAuthorName: true,
      correspondingAuthorEmail: true,
      issuedAt: true,
      signedAt: true,
      proceedings: { select: { name: true } },
    },
  });
  return { rows, page: current, pageCount, total };
}
