-- The audit-chain head printed on each sealed PDF's certificate page, kept beside the PDF: a second
-- anchor for the chain check, outside the checkpoint table, so deleting every checkpoint no longer
-- hides a truncated or recomputed log. Null for PDFs sealed before this was kept.
ALTER TABLE "SignedDocument" ADD COLUMN "chainHeadEventId" BIGINT,
ADD COLUMN "chainHeadHash" TEXT;

-- A sealed record is evidence too: once stored it never changes, whoever asks. (The app's role
-- has only SELECT and INSERT on it as well; see lib/db/grant-app-privileges.ts.)
CREATE TRIGGER "SignedDocument_append_only_rows" BEFORE UPDATE OR DELETE ON "SignedDocument" FOR EACH ROW EXECUTE FUNCTION evidence_append_only();
CREATE TRIGGER "SignedDocument_append_only_table" BEFORE TRUNCATE ON "SignedDocument" FOR EACH STATEMENT EXECUTE FUNCTION evidence_append_only();
