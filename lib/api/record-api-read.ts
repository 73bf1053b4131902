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
