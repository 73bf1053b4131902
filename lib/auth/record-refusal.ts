import "server-only";
import { headers } from "next/headers";
import { db } from "@/lib/db/client";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { assertNotRateLimited, recordFailure } from "@/lib/http/failure-rate-limit";
import { frontDoorHeader } from "@/lib/http/requester";
import type { Permission } from "./permissions";
import { REQUEST_PATH_HEADER } from "./record-refusal-path";

/**
 * Writes "staff.refused" to the audit chain. A crawler or a stale tab can knock on staff pages
 * over and over while signed out: those refusals are logged a bounded number of times per address
 * and window, so they cannot flood the chain. A signed-in (or removed) staff member's refusal is
 * always logged: that is the evidence an auditor looks for. Failing to record never turns a
 * refusal into a 500.
 */
export async function recordRefusal(
  context: AuditContext,
  { permission, reason }: { permission: Permission | "sign_in"; reason: "signed_out" | "role" | "removed" },
) {
  try {
    if (reason === "signed_out") {
      const key = `staff-refusal:${context.ip ?? "unknown"}`;
      try {
        await assertNotRateLimited(key);
      } catch {
        return;
      }
      await recordFailure(key);
    }
    const h = await headers();
    const path = frontDoorHeader(h, REQUEST_PATH_HEADER) ?? pathOf(h.get("referer"));
    const data = { permission, reason, ...(path ? { path } : {}) };
    await db.$transaction((tx) => recordEvent(tx, context, { type: "staff.refused", data }));
  } catch (error) {
    console.error("could not record a refused staff request", error);
  }
}

function pathOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}
