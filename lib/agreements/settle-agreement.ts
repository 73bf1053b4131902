import "server-only";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** Why an agreement that is no longer open for signing refused a signature or a decline. */
export async function refusalFor(tx: Tx, agreementId: string): Promise<AppError> {
  const current = await tx.agreement.findUniqueOrThrow({ where: { id: agreementId }, select: { status: true } });
  if (current.status === "signed") return new AppError("ALREADY_SIGNED");
  if (current.status === "declined") return new AppError("ALREADY_DECLINED");
  if (current.status === "voided") return new AppError("AGREEMENT_VOIDED");
  if (current.status === "expired") return new AppError("LINK_EXPIRED");
  return new AppError("NOT_SIGNABLE");
}
