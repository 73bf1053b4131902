import "server-only";
import { headers } from "next/headers";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import { assertNotRateLimited, recordFailure } from "@/lib/http/failure-rate-limit";
import { frontDoorHeader, requester } from "@/lib/http/requester";
import type { Permission } from "./permissions";
import { REQUEST_PATH_HEADER } from "./record-refusal-path";


/**
 * Writes "staff.refused" to the audit chain. A crawler or a stale tab can knock on staff pages
 * over and over while signed out: those refusals are logged a bounded number of times per address
 * and window, so they cannot flood the chain. A signed-in (or removed) staff member's refusal is
 * always logged: that is the evidence an auditor looks for. Failing to record never turns a
 * refusal into a 500.
 */
export async function recordRefusal({ permission, actor, reason }: { permission: Permission | "sign_in"; actor: string; reason: "signed_out" | "role" | "removed" }) {
  try {
    const who = await requester();
    if (reason === "signed_out") {
      const key = `staff-refusal:${who.ip ?? "unknown"}`;
      try {
        await assertNotRateLimited(key);
      } catch {
        return;
      }
      await recordFailure(key);
    }
    const h = await headers();
    const path = frontDoorHeader(h, REQUEST_PATH_HEADER) ?? pathOf(h.get("referer"));
    await db.$transaction((tx) => recordEvent(tx, { type: "staff.refused", actor, ...who, data: { permission, reason, ...(path ? { path } : {}) } }));
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
