import "server-only";
import { pgPool } from "@/lib/db/pg-pool";
import { AppError, type AppErrorCode } from "@/lib/errors/app-error";
import { guardedLinkLookup } from "./guarded-link-lookup";
import { linkRefusal, TOKEN_SHAPE, type LinkState } from "./link-refusal";
import { tokenHash } from "./signing-link";

async function linkState(hash: string): Promise<LinkState | null> {
  const { rows } = await pgPool().query<LinkState>(
    // Columns are UTC timestamps without a zone; AT TIME ZONE makes pg read them as such.
    `SELECT l."tokenHash" AS "tokenHash", l."revokedAt" AS "revokedAt", l."expiresAt" AT TIME ZONE 'UTC' AS "expiresAt", a.status::text AS "agreementStatus"
     FROM "SigningLink" l JOIN "Agreement" a ON a.id = l."agreementId" WHERE l."tokenHash" = $1`,
    [hash],
  );
  return rows[0] ?? null;
}

/** Why a link cannot be opened, or null when it can. Reads only; records nothing. */
export async function signingLinkProblem(token: string, ip: string | null, now = new Date()): Promise<AppErrorCode | null> {
  try {
    await guardedLinkLookup(ip, async () => {
      if (!TOKEN_SHAPE.test(token)) throw new AppError("LINK_UNKNOWN");
      const hash = tokenHash(token);
      const refusal = linkRefusal(await linkState(hash), hash, now);
      if (refusal) throw new AppError(refusal);
    });
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}
