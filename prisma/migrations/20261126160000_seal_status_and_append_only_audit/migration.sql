-- CreateEnum
CREATE TYPE "SealStatus" AS ENUM ('pending', 'sealed', 'failed');

-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "sealAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sealError" TEXT,
ADD COLUMN     "sealStatus" "SealStatus";

-- CreateIndex
CREATE INDEX "Agreement_sealStatus_idx" ON "Agreement"("sealStatus");


-- Agreements signed before sealing was tracked already have their PDF or get it on download.
UPDATE "Agreement" a SET "sealStatus" = CASE WHEN EXISTS (SELECT 1 FROM "SignedDocument" d WHERE d."agreementId" = a.id) THEN 'sealed'::"SealStatus" ELSE 'pending'::"SealStatus" END WHERE a.status = 'signed';

-- The audit log is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks. Someone with the
-- power to drop this trigger can still edit rows; the hash chain is what then exposes it.
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent rows are append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER "AuditEvent_append_only_rows" BEFORE UPDATE OR DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER "AuditEvent_append_only_table" BEFORE TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
