import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { db } from "@/lib/db/client";

/**
 * The audit event of an API call that changed nothing (a list, a get, a replayed create): one row
 * in a short transaction. Calls that change something are recorded by their operation instead.
 */
export async function recordApiRead(
  context: AuditContext,
  call: { method: string; path: string; agreementId?: string | null; data?: Record<string, unknown> },
) {
  await db.$transaction((tx) =>
    recordEvent(tx, context, {
      type: "api.read",
      agreementId: call.agreementId ?? null,
      data: { method: call.method, path: call.path, ...call.data },
    }),
  );
}

/**
 * The audit event of a call by a known token that was refused (403, 404, 409, 422, 429, …): an
 * auditor sees what a token tried, not only what it did. A token flooding past its rate limit is
 * recorded by the call that takes it over the limit, not by every refused one, so a flood cannot
 * flood the chain: a token is taken over again only as its count falls, no faster than calls are allowed.
 * The path's ids go in the data, not as the event's agreement: a refused id may not exist.
 */
export async function recordApiRefusal(
  context: AuditContext,
  call: { method: string; path: string; status: number; code: string },
) {
  await db.$transaction((tx) => recordEvent(tx, context, { type: "api.refused", data: call }));
}
