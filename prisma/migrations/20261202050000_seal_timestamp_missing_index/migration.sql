-- The staff home counts the seals made without a timestamp (to be re-timestamped): few among many.
CREATE INDEX "SignedDocument_timestampMissing_idx" ON "SignedDocument"("timestampMissing");
