-- RFC 3161 timestamps of the audit checkpoints. The seal key that signs a checkpoint lives on the
-- server, so an insider can recompute the chain and sign fresh checkpoints with any createdAt; a
-- token from an outside authority over each checkpoint fixes when it existed.
CREATE TABLE "AuditCheckpointTimestamp" (
    "checkpointId" BIGINT NOT NULL,
    "token" BYTEA NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,
    "authority" TEXT NOT NULL,
    "certificateSha256" TEXT NOT NULL,
    "serialNumber" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditCheckpointTimestamp_pkey" PRIMARY KEY ("checkpointId")
);

ALTER TABLE "AuditCheckpointTimestamp" ADD CONSTRAINT "AuditCheckpointTimestamp_checkpointId_fkey" FOREIGN KEY ("checkpointId") REFERENCES "AuditCheckpoint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Append-only, as the checkpoints are (the app's role is also granted only SELECT and INSERT).
CREATE TRIGGER "AuditCheckpointTimestamp_append_only_rows" BEFORE UPDATE OR DELETE ON "AuditCheckpointTimestamp" FOR EACH ROW EXECUTE FUNCTION evidence_append_only();
CREATE TRIGGER "AuditCheckpointTimestamp_append_only_table" BEFORE TRUNCATE ON "AuditCheckpointTimestamp" FOR EACH STATEMENT EXECUTE FUNCTION evidence_append_only();
