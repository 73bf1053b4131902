-- The author's choices (issue 13): the text they signed (the issued text with the chosen clauses)
-- and its SHA-256, written once with their answers.
ALTER TABLE "Agreement" ADD COLUMN "signedText" TEXT,
ADD COLUMN "signedTextSha256" TEXT;

-- The staff list's filter choice=<key>:<value> asks "answers @> [{key, value}]".
CREATE INDEX "Agreement_choiceAnswers_idx" ON "Agreement" USING GIN ("choiceAnswers" jsonb_path_ops);

-- Answers are part of what was signed: once given they never change, whoever writes (a replayed
-- form, a later signer, a bug). Setting them the first time is allowed.
CREATE FUNCTION agreement_answers_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD."choiceAnswers" IS NOT NULL AND NEW."choiceAnswers" IS DISTINCT FROM OLD."choiceAnswers")
     OR (OLD."signedText" IS NOT NULL AND NEW."signedText" IS DISTINCT FROM OLD."signedText")
     OR (OLD."signedTextSha256" IS NOT NULL AND NEW."signedTextSha256" IS DISTINCT FROM OLD."signedTextSha256") THEN
    RAISE EXCEPTION 'the author''s answers and the signed text of agreement % are final', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "Agreement_answers_final" BEFORE UPDATE OF "choiceAnswers", "signedText", "signedTextSha256"
  ON "Agreement" FOR EACH ROW EXECUTE FUNCTION agreement_answers_final();
