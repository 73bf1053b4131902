import { createHash, randomBytes } from "node:crypto";

/** What every token starts with, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = "imp_";

// 32 random bytes are 43 base64url characters without padding.
const TOKEN_SHAPE = /^imp_[A-Za-z0-9_-]{43}$/;

/** A new secret: 256 random bits behind the prefix. It is shown once and never stored. */
export function newApiTokenSecret(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function isApiTokenShaped(secret: string): boolean {
  return TOKEN_SHAPE.test(secret);
}

/**
 * What ApiToken.secretHash holds. A fast hash is right here: the secret has 256 bits of entropy,
 * so there is nothing to guess, and a slow hash would cost every API call its latency budget.
 */
export function apiTokenSecretHash(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
