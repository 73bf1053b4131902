import "server-only";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";

/** Volumes for the list's filter, newest first (prepared: the staff list shows them on every view). */
export async function listVolumeOptions(limit = 500): Promise<{ id: string; name: string }[]> {
  const { rows } = await pgPool().query<{ id: string; name: string }>(
    preparedStatement(`SELECT id, name FROM "Proceedings" ORDER BY "createdAt" DESC LIMIT $1`, [limit]),
  );
  return rows;
}
