-- Signed notes of the audit chain's head. The chain alone cannot show that its newest events
-- were deleted, or that it was rewritten and every later hash recomputed; a checkpoint signed
-- with the publisher's seal certificate can, as long as it survives.
CREATE TABLE "AuditCheckpoint" (
    "id" BIGSERIAL NOT NULL,
    "eventId" BIGINT NOT NULL,
    "eventHash" TEXT NOT NULL,
    "eventCount" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "agreementId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "certificateFingerprint" TEXT NOT NULL,
    "certificatePem" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "AuditCheckpoint_eventId_idx" ON "AuditCheckpoint"("eventId");

-- Append-only like AuditEvent, whoever asks. The app's role has no UPDATE, DELETE or TRUNCATE
-- privilege on either table either (granted by the start script); this trigger also stops the
-- owner by accident, and only an owner or superuser can switch it off. One function for every
-- evidence table added from here on: it names the table it refuses.
CREATE FUNCTION evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$;

CREATE TRIGGER "AuditCheckpoint_append_only_rows" BEFORE UPDATE OR DELETE ON "AuditCheckpoint" FOR EACH ROW EXECUTE FUNCTION evidence_append_only();
CREATE TRIGGER "AuditCheckpoint_append_only_table" BEFORE TRUNCATE ON "AuditCheckpoint" FOR EACH STATEMENT EXECUTE FUNCTION evidence_append_only();
