import "server-only";
import { db } from "@/lib/db/client";
import { isAppError, type AppErrorCode } from "@/lib/errors";
import { guardedLinkLookup } from "./guarded-link-lookup";
import { resolveSigningLink } from "./resolve-signing-link";

/** Why a link cannot be opened, or null when it can. Reads only; records nothing. */
export async function signingLinkProblem(token: string, ip: string | null): Promise<AppErrorCode | null> {
  try {
    await guardedLinkLookup(ip, () => resolveSigningLink(db, token));
    return null;
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
}
