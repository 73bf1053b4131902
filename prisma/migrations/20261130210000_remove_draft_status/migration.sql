-- "draft" was never written: every agreement is created "sent". A database that somehow holds one
-- stops here, naming the rows, rather than losing them; nothing below has run by then.
DO $$
DECLARE
  drafts text;
  n integer;
BEGIN
  SELECT count(*), string_agg(id, ', ' ORDER BY id) INTO n, drafts FROM "Agreement" WHERE status = 'draft';
  IF n > 0 THEN
    RAISE EXCEPTION '% agreement(s) have the status draft, which is being removed: %', n, left(drafts, 500)
      USING HINT = 'Give each of them a status that exists (e.g. sent) or delete them, then run the migration again.';
  END IF;
END $$;

-- PostgreSQL cannot drop a value from an enum: make the type without it and move the column over.
-- The column's default and the trigger watching it depend on its type, so they step aside meanwhile.
DROP TRIGGER "Agreement_name_mismatch" ON "Agreement";
ALTER TABLE "Agreement" ALTER COLUMN "status" DROP DEFAULT;
CREATE TYPE "AgreementStatus_new" AS ENUM ('sent', 'viewed', 'signed', 'declined', 'voided', 'expired');
ALTER TABLE "Agreement" ALTER COLUMN "status" TYPE "AgreementStatus_new"
  USING ("status"::text::"AgreementStatus_new");
DROP TYPE "AgreementStatus";
ALTER TYPE "AgreementStatus_new" RENAME TO "AgreementStatus";
ALTER TABLE "Agreement" ALTER COLUMN "status" SET DEFAULT 'sent';
CREATE TRIGGER "Agreement_name_mismatch" BEFORE INSERT OR UPDATE OF status, "signatureName", "correspondingAuthorName"
  ON "Agreement" FOR EACH ROW EXECUTE FUNCTION agreement_name_mismatch();
