import "server-only";
import { db } from "@/lib/db/client";
import { AUTHOR_ACTOR_PREFIX, STAFF_ACTOR_PREFIX } from "@/lib/audit/audit-context";
import { eventLabel } from "@/lib/audit/event-labels";

export type RecentActivityEntry = {
  id: string;
  label: string;
  actor: string;
  /** "staff" or "author": who acted. */
  by: "staff" | "author";
  occurredAt: Date;
  agreement: { id: string; articleTitle: string };
};

/**
 * The last things staff and authors did to agreements, newest first. Walks the audit log's primary
 * key backwards and stops after `take` matches: cheap however long the log is.
 */
export async function listRecentActivity({ take = 10 }: { take?: number } = {}): Promise<RecentActivityEntry[]> {
  const events = await db.auditEvent.findMany({
    where: {
      agreementId: { not: null },
      OR: [{ actor: { startsWith: STAFF_ACTOR_PREFIX } }, { actor: { startsWith: AUTHOR_ACTOR_PREFIX } }],
    },
    orderBy: { id: "desc" },
    take,
    select: {
      id: true,
      type: true,
      actor: true,
      occurredAt: true,
      agreement: { select: { id: true, articleTitle: true } },
    },
  });
  return events.map((event) => ({
    id: String(event.id),
    label: eventLabel(event.type),
    actor: event.actor.replace(/^(staff|author):/, ""),
    by: event.actor.startsWith(STAFF_ACTOR_PREFIX) ? "staff" : "author",
    occurredAt: event.occurredAt,
    agreement: event.agreement!,
  }));
}
