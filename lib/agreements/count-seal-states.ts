import "server-only";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";
import { timestampAuthorityFromEnv } from "@/lib/timestamp/timestamp-authority-settings";

export type SealStateCounts = {
  /** Seals waiting for an unavailable timestamp authority. */
  waitingForTimestamp: number;
  /** Seals made without a timestamp after the grace ran out and not yet re-timestamped. */
  sealedWithoutTimestamp: number;
  /** The configured authority's host (TSA_URL), or null when seals carry the server's own time. */
  authorityHost: string | null;
  /** Why TSA_* cannot be used, when it cannot (then seals neither wait nor get timestamps). */
  authorityProblem?: string;
};

/** What the staff home says about timestamps: the authority in use and the seals that need a look. */
export async function countSealStates(): Promise<SealStateCounts> {
  // Both counts in one prepared statement: the staff list and home show them on every view.
  const {
    rows: [{ waitingForTimestamp, sealedWithoutTimestamp }],
  } = await pgPool().query<{ waitingForTimestamp: number; sealedWithoutTimestamp: number }>(
    preparedStatement(
      `SELECT (SELECT count(*)::int FROM "Agreement" WHERE "sealStatus" = 'waiting_for_timestamp' AND NOT superseded)
          AS "waitingForTimestamp",
        (SELECT count(*)::int FROM "SignedDocument" d JOIN "Agreement" a ON a.id = d."agreementId"
          WHERE d."timestampMissing" AND NOT a.superseded
            AND NOT EXISTS (SELECT 1 FROM "TimestampedDocument" t WHERE t."agreementId" = a.id))
          AS "sealedWithoutTimestamp"`,
      [],
    ),
  );
  try {
    const authority = timestampAuthorityFromEnv();
    const authorityHost = authority ? new URL(authority.url).host : null;
    return { waitingForTimestamp, sealedWithoutTimestamp, authorityHost };
  } catch (error) {
    const authorityProblem = (error as Error).message;
    return { waitingForTimestamp, sealedWithoutTimestamp, authorityHost: null, authorityProblem };
  }
}
