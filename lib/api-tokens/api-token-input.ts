import { z } from "zod";
import { StaffRole } from "@/lib/db/generated/enums";
import { singleLineText } from "@/lib/text/user-text";

const DAY_MS = 86_400_000;

/**
 * "2026-12-31" → the end of that day in UTC, when the token stops working; "" → no expiry. Dates
 * before tomorrow are refused here, so a token is never created already expired.
 */
const expiresOn = z
  .string()
  .trim()
  .transform((value, context) => {
    if (value === "") return null;
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
    if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
      context.issues.push({ code: "custom", message: "Enter the expiry date as YYYY-MM-DD.", input: value });
      return z.NEVER;
    }
    if (value <= new Date().toISOString().slice(0, 10)) {
      context.issues.push({ code: "custom", message: "Choose an expiry date after today (UTC).", input: value });
      return z.NEVER;
    }
    return new Date(day.getTime() + DAY_MS);
  });

export const createApiTokenInput = z.object({
  name: singleLineText("Name", 100, {
    required: "Name the token after what will use it, e.g. “OpenReview sync”.",
  }),
  role: z.enum(Object.values(StaffRole), { error: "Choose a role: admin, publisher or auditor." }),
  expiresOn,
});

export const revokeApiTokenInput = z.object({
  tokenId: z.string().min(1, "Choose a token.").max(100),
});
