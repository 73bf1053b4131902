import "server-only";
import { getAgreementRecord } from "@/lib/agreements/get-agreement-record";
import { searchAgreementsByCursor } from "@/lib/agreements/search/search-agreements-by-cursor";
import { AppError } from "@/lib/errors/app-error";
import type { z } from "zod";
import type { listAgreementsQuery } from "../routes/agreement-routes";
import { agreementResourceOf } from "./agreement-resource";

/** GET /api/v1/agreements/{id}: the agreement and every audit event of it, oldest first. */
export async function getAgreementWithEvents(id: string) {
  const record = await getAgreementRecord(id);
  if (!record) throw new AppError("NOT_FOUND", { userMessage: `There is no agreement with the id "${id}".` });
  return {
    ...agreementResourceOf(record, record.proceedings),
    events: record.auditEvents.map((event) => ({
      type: event.type,
      actor: event.actor,
      occurredAt: event.occurredAt.toISOString(),
      data: (event.data ?? {}) as Record<string, unknown>,
    })),
  };
}

/** GET /api/v1/agreements: one page of the staff list's search, and the cursor of the next. */
export async function listAgreementsPage(query: z.output<typeof listAgreementsQuery>) {
  const { limit, cursor, ...filters } = query;
  const { rows, next } = await searchAgreementsByCursor(filters, { limit, cursor });
  return {
    agreements: rows.map((row) => agreementResourceOf(row, { id: row.volumeId, name: row.volumeName })),
    next,
  };
}
