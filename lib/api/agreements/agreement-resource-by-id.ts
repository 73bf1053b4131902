import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { agreementResourceOf } from "./agreement-resource";

/** One agreement as the API shows it, read afresh (after a correction changed it). */
export async function agreementResourceById(id: string) {
  const row = await db.agreement.findUnique({ where: { id }, include: { proceedings: true } });
  if (!row) throw new AppError("NOT_FOUND", { userMessage: `There is no agreement with the id "${id}".` });
  return agreementResourceOf(row, row.proceedings);
}
