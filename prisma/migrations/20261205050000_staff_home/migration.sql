-- The staff home counts signing links about to expire: a narrow partial index on the live links'
-- expiry finds the few due within days, instead of reading every open agreement's newest link.
CREATE INDEX "SigningLink_live_expiresAt_idx" ON "SigningLink" ("expiresAt") WHERE "revokedAt" IS NULL;
