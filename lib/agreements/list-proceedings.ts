import "server-only";
import { db } from "@/lib/db/client";

export async function listProceedingsNames(limit = 200): Promise<string[]> {
  const rows = await db.proceedings.findMany({ orderBy: { createdAt: "desc" }, take: limit, select: { name: true } });
  return rows.map((row) => row.name);
}
