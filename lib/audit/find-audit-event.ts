import "server-only";
import { db } from "@/lib/db/client";

export async function findAuditEvent(id: string) {
  return db.auditEvent.findUnique({ where: { id: BigInt(id) }, select: { id: true, agreementId: true, type: true } });
}
