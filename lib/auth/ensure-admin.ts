import "server-only";
import { db } from "@/lib/db/client";

/** Makes ADMIN_EMAIL an admin, creating the account on first start. */
export async function ensureAdmin(email: string) {
  const normalized = email.trim().toLowerCase();
  return db.user.upsert({ where: { email: normalized }, update: { role: "admin" }, create: { email: normalized, role: "admin" } });
}
