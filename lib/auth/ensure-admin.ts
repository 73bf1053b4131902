import "server-only";
import { db } from "@/lib/db/client";

/** Makes ADMIN_EMAIL an admin at every start (restoring it if it was removed): the operator's way back in. */
export async function ensureAdmin(email: string) {
  const normalized = email.trim().toLowerCase();
  return db.user.upsert({
    where: { email: normalized },
    update: { role: "admin", removedAt: null },
    create: { email: normalized, role: "admin" },
  });
}
