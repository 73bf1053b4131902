-- Trigram search over agreements (a trusted extension since PostgreSQL 13: no superuser needed).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "publishedAt" TIMESTAMP(3),
ADD COLUMN     "searchText" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "removedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Agreement_searchText_idx" ON "Agreement" USING GIN ("searchText" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Agreement_proceedingsId_status_idx" ON "Agreement"("proceedingsId", "status");

-- CreateIndex
CREATE INDEX "Agreement_signedAt_idx" ON "Agreement"("signedAt");


-- searchText follows the fields staff search by, whatever code writes them.
CREATE FUNCTION agreement_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchText" := lower(concat_ws(' ', NEW."paperId", NEW."articleTitle", NEW."correspondingAuthorName", NEW."correspondingAuthorEmail", array_to_string(NEW."authors", ' ')));
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Agreement_search_text" BEFORE INSERT OR UPDATE OF "paperId", "articleTitle", "correspondingAuthorName", "correspondingAuthorEmail", "authors" ON "Agreement" FOR EACH ROW EXECUTE FUNCTION agreement_search_text();

UPDATE "Agreement" SET "paperId" = "paperId";
