-- DropIndex
DROP INDEX "Agreement_issuedAt_id_idx";

-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "nameMismatch" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "superseded" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Agreement_issuedAt_id_idx" ON "Agreement"("issuedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Agreement_nameMismatch_idx" ON "Agreement"("nameMismatch");


-- A name as its sorted lower-case words: "Zhang Haoyang" and "haoyang  ZHANG" compare equal.
CREATE FUNCTION name_words(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(string_agg(w, ' ' ORDER BY w), '') FROM regexp_split_to_table(lower(btrim(coalesce(name, ''))), '\s+') AS w WHERE w <> ''
$$;

CREATE FUNCTION agreement_name_mismatch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."nameMismatch" := NEW.status = 'signed' AND NEW."signatureName" IS NOT NULL AND name_words(NEW."signatureName") <> name_words(NEW."correspondingAuthorName");
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Agreement_name_mismatch" BEFORE INSERT OR UPDATE OF status, "signatureName", "correspondingAuthorName" ON "Agreement" FOR EACH ROW EXECUTE FUNCTION agreement_name_mismatch();

-- A reissue points at the agreement it replaces; that one becomes history.
CREATE FUNCTION agreement_mark_superseded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."supersedesId" IS NOT NULL THEN
    UPDATE "Agreement" SET superseded = true WHERE id = NEW."supersedesId";
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Agreement_mark_superseded" AFTER INSERT OR UPDATE OF "supersedesId" ON "Agreement" FOR EACH ROW EXECUTE FUNCTION agreement_mark_superseded();

UPDATE "Agreement" a SET superseded = true WHERE EXISTS (SELECT 1 FROM "Agreement" n WHERE n."supersedesId" = a.id);
UPDATE "Agreement" SET status = status WHERE status = 'signed';
