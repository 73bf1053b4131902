import "server-only";
import { db } from "@/lib/db/client";

/** Volumes for the list's filter, newest first. */
export async function listVolumeOptions(limit = 500): Promise<{ id: string; name: string }[]> {
  return db.proceedings.findMany({ orderBy: { createdAt: "desc" }, take: limit, select: { id: true, name: true } });
}
