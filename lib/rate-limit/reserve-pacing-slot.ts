import "server-only";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";

export type PacingSlot = {
  /** When this caller may start, by the database's clock (ms since the epoch). */
  startAt: number;
  /** How long to wait from now until then (0 when the slot is already open). */
  waitMs: number;
};

/**
 * Takes the next turn for `key`, turns being `spacingMs` apart across every instance: the first
 * caller starts now, and each next one `spacingMs` after the turn before, or now if that has
 * passed. A window's count (consumeRateLimit) lets the limit through in any part of the window,
 * the whole of it within one second, which a relay counting the last second refuses; turns keep
 * any second to the rate. One upsert on the key's row, so concurrent callers
 * queue on its lock and each gets its own turn; the database's clock, so instances whose clocks
 * differ still share one timeline. A turn taken and not used (its sender died) is only a gap.
 */
export async function reservePacingSlot(key: string, spacingMs: number): Promise<PacingSlot> {
  const { rows } = await pgPool().query<{ startAt: number; waitMs: number }>(
    preparedStatement(
      `WITH turn AS (
         INSERT INTO "PacingSlot" ("key", "nextAt") VALUES ($1, clock_timestamp() + $2::float8 * interval '1 millisecond')
         ON CONFLICT ("key") DO UPDATE
           SET "nextAt" = GREATEST("PacingSlot"."nextAt", clock_timestamp()) + $2::float8 * interval '1 millisecond'
         RETURNING "nextAt" - $2::float8 * interval '1 millisecond' AS "startAt"
       )
       SELECT (EXTRACT(EPOCH FROM "startAt") * 1000)::float8 AS "startAt",
              GREATEST(0, EXTRACT(EPOCH FROM "startAt" - clock_timestamp()) * 1000)::float8 AS "waitMs"
         FROM turn`,
      [key, spacingMs],
    ),
  );
  return rows[0];
}
