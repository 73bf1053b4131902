import "server-only";
import { db } from "@/lib/db/client";
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
  const [waitingForTimestamp, sealedWithoutTimestamp] = await Promise.all([
    db.agreement.count({ where: { sealStatus: "waiting_for_timestamp", superseded: false } }),
    db.signedDocument.count({
      where: { timestampMissing: true, agreement: { superseded: false, timestampedDocuments: { none: {} } } },
    }),
  ]);
  try {
    const authority = timestampAuthorityFromEnv();
    const authorityHost = authority ? new URL(authority.url).host : null;
    return { waitingForTimestamp, sealedWithoutTimestamp, authorityHost };
  } catch (error) {
    const authorityProblem = (error as Error).message;
    return { waitingForTimestamp, sealedWithoutTimestamp, authorityHost: null, authorityProblem };
  }
}
