import "server-only";
import { db } from "@/lib/db/client";
import { STAFF_ACTOR_PREFIX } from "./audit-context";
import { eventLabel } from "./event-labels";

// What staff did, as opposed to what authors and the system did: staff actors, plus the kinds of
// event only staff can cause (an import or a bundle may have been started under another actor name).
export const STAFF_EVENT_PREFIXES = ["staff.", "import.", "bundle.", "export.", "evidence.", "proceedings."] as const;

export const ACTIVITY_PAGE_SIZE = 50;

export type StaffActivityEntry = {
  id: string;
  type: string;
  label: string;
  actor: string;
  occurredAt: Date;
  ip: string | null;
  userAgent: string | null;
  agreement: { id: string; articleTitle: string } | null;
};

export type StaffActivityPage = { entries: StaffActivityEntry[]; nextCursor: string | null };

/** Parses the ?before= cursor of the activity page: an event id, or nothing (newest first). */
export function parseActivityCursor(value: string | string[] | undefined): bigint | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  return raw && /^\d{1,19}$/.test(raw) ? BigInt(raw) : undefined;
}

/**
 * Staff actions, newest first, a page at a time. Keyset pagination on the event id (the chain
 * order), so paging stays cheap however long the log grows and new events do not shift pages.
 */
export async function staffActivity({
  before,
  pageSize = ACTIVITY_PAGE_SIZE,
}: { before?: bigint; pageSize?: number } = {}): Promise<StaffActivityPage> {
  const events = await db.auditEvent.findMany({
    where: {
      ...(before !== undefined ? { id: { lt: before } } : {}),
      OR: [
        { actor: { startsWith: STAFF_ACTOR_PREFIX } },
        ...STAFF_EVENT_PREFIXES.map((prefix) => ({ type: { startsWith: prefix } })),
      ],
    },
    orderBy: { id: "desc" },
    take: pageSize + 1,
    select: {
      id: true,
      type: true,
      actor: true,
      occurredAt: true,
      ip: true,
      userAgent: true,
      agreement: { select: { id: true, articleTitle: true } },
    },
  });
  const page = events.slice(0, pageSize);
  return {
    entries: page.map((event) => ({ ...event, id: String(event.id), label: eventLabel(event.type) })),
    nextCursor: events.length > pageSize ? String(page[page.length - 1].id) : null,
  };
}
