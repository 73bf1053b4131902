import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { signingLinkDays } from "@/lib/config/app-config";
import { db } from "@/lib/db/client";
import { issueRows } from "@/lib/proceedings/issue-rows";
import type { BatchAgreementsRequest } from "./agreement-schemas";

const ALREADY_ISSUED = "The volume already has an agreement for this paper.";

/**
 * POST /api/v1/agreements/batch: every row in one transaction through issueRows (the imports'
 * batched statements), so a batch is issued whole or not at all. A paper the volume already has is
 * skipped, so a repeated batch issues nothing twice; the answer says which row became which agreement.
 */
export async function issueAgreementBatch(context: AuditContext, request: BatchAgreementsRequest) {
  const { created } = await db.$transaction(
    async (tx) => {
      // INSERT … ON CONFLICT DO NOTHING: concurrent first agreements of a new volume share one row.
      await tx.proceedings.createMany({
        data: [{ name: request.volume, linkExpiryDays: signingLinkDays() }],
        skipDuplicates: true,
      });
      const volume = await tx.proceedings.findUniqueOrThrow({ where: { name: request.volume } });
      return issueRows(tx, context, volume, request.rows);
    },
    { timeout: 120_000 },
  );
  const idOf = new Map(created.map(({ id, paperId }) => [paperId, id]));
  const agreements: { index: number; id: string; paperId: string }[] = [];
  const skippedRows: { index: number; paperId: string; reason: string }[] = [];
  for (const [index, { paperId }] of request.rows.entries()) {
    const id = idOf.get(paperId);
    if (id) agreements.push({ index, id, paperId });
    else skippedRows.push({ index, paperId, reason: ALREADY_ISSUED });
  }
  return { issued: agreements.length, skipped: skippedRows.length, agreements, skippedRows };
}
