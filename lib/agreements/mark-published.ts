import "server-only";
import { z } from "zod";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { recordEvent } from "@/lib/audit/record-event";

/** The form's date field ("2027-03-14"), as a UTC midnight. */
export const publishedOnInput = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the publication date as a date, like 2027-03-14.")
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00.000Z`)) &&
      new Date(`${value}T00:00:00.000Z`).toISOString().startsWith(value),
    "Enter a real date, like 2027-03-14.",
  )
  .transform((value) => new Date(`${value}T00:00:00.000Z`));

const DAY_MS = 86_400_000;

/**
 * Records the day the article was published. Clause 7 terminates an agreement whose article is not
 * published within a year of signing, so only a signed agreement can be marked, and the day is
 * evidence: the audit event keeps it, with the day it replaced if staff correct an earlier entry.
 */
export async function markPublished(
  context: AuditContext,
  { agreementId, publishedOn }: { agreementId: string; publishedOn: Date },
) {
  const day = new Date(Date.UTC(publishedOn.getUTCFullYear(), publishedOn.getUTCMonth(), publishedOn.getUTCDate()));
  if (Number.isNaN(day.getTime()))
    throw new AppError("INVALID_INPUT", { userMessage: "Enter the publication date as a date, like 2027-03-14." });
  // A day ahead of UTC is allowed: somewhere in the world it may already be that day.
  if (day.getTime() > Date.now() + DAY_MS)
    throw new AppError("INVALID_INPUT", { userMessage: "The publication date cannot be in the future." });
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<
      { status: string; publishedAt: Date | null }[]
    >`SELECT status::text AS status, "publishedAt" FROM "Agreement" WHERE id = ${agreementId} FOR UPDATE`;
    const current = locked[0];
    if (!current) throw new AppError("NOT_FOUND", { userMessage: "There is no such agreement." });
    if (current.status !== "signed") {
      throw new AppError("NOT_SIGNED", { userMessage: "Only a signed agreement can be marked published." });
    }
    await tx.agreement.update({ where: { id: agreementId }, data: { publishedAt: day } });
    const publishedOnText = day.toISOString().slice(0, 10);
    await recordEvent(tx, context, {
      agreementId,
      type: "agreement.published",
      data: {
        publishedOn: publishedOnText,
        ...(current.publishedAt ? { previously: current.publishedAt.toISOString().slice(0, 10) } : {}),
      },
    });
    return { agreementId, publishedOn: publishedOnText };
  });
}
