import "server-only";
import type { Tx } from "@/lib/db/client";
import { GENESIS_HASH } from "./canonical-event";

/** The hash of the newest event: whoever keeps it can later prove nothing before it changed. */
export async function chainHead(tx: Pick<Tx, "auditEvent">): Promise<string> {
  const newest = await tx.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  return newest?.hash ?? GENESIS_HASH;
}
