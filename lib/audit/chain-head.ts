import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { GENESIS_HASH } from "./canonical-event";

/** The hash of the newest event: whoever keeps it can later prove nothing before it changed. */
export async function chainHead(tx: Pick<Tx, "auditEvent">): Promise<string> {
  const newest = await tx.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  return newest?.hash ?? GENESIS_HASH;
}

/** The newest event and how many events lead up to it, or null for an empty log. */
export type ChainPosition = { eventId: bigint; eventHash: string; eventCount: bigint };

/**
 * The head with its position as a lateral join named `head` (id, hash, count), for a statement that
 * reads it with other rows (the seal's, lib/agreements/read-seal-source.ts): one statement, so the
 * id, hash and count belong to the same moment even while other transactions append.
 */
export const CHAIN_HEAD_JOIN = `LEFT JOIN LATERAL (
    SELECT e.id, e.hash, (SELECT count(*) FROM "AuditEvent" WHERE id <= e.id) AS count
      FROM "AuditEvent" e ORDER BY e.id DESC LIMIT 1) head ON true`;

/** The head with its position, read in one statement (CHAIN_HEAD_JOIN). */
export async function chainPosition(tx: Pick<Tx, "$queryRaw">): Promise<ChainPosition | null> {
  const rows = await tx.$queryRaw<{ id: bigint | null; hash: string | null; count: bigint | null }[]>`
    SELECT head.id, head.hash, head.count FROM (SELECT) one ${Prisma.raw(CHAIN_HEAD_JOIN)}`;
  const [head] = rows;
  return head?.id != null && head.hash !== null && head.count !== null
    ? { eventId: head.id, eventHash: head.hash, eventCount: head.count }
    : null;
}
