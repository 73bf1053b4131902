-- Two of Agreement's row triggers have nothing to do for almost every row written: a new agreement
-- replaces none, and is not signed. A WHEN condition is checked by the executor without calling
-- PL/pgSQL, and an AFTER trigger whose condition fails is not even queued, so a volume's import
-- no longer runs two functions per agreement for nothing. What each trigger does when it runs is
-- unchanged, and so is every row it leaves:
-- * agreement_mark_superseded does nothing unless "supersedesId" is set;
-- * agreement_name_mismatch sets "nameMismatch" to false unless the row is signed with a name, so
--   it can be skipped where that holds and the flag is already false (a row once flagged still
--   runs it, and is cleared or kept).
DROP TRIGGER "Agreement_mark_superseded" ON "Agreement";
CREATE TRIGGER "Agreement_mark_superseded" AFTER INSERT OR UPDATE OF "supersedesId" ON "Agreement"
  FOR EACH ROW WHEN (NEW."supersedesId" IS NOT NULL) EXECUTE FUNCTION agreement_mark_superseded();

DROP TRIGGER "Agreement_name_mismatch" ON "Agreement";
CREATE TRIGGER "Agreement_name_mismatch" BEFORE INSERT OR UPDATE OF status, "signatureName", "correspondingAuthorName"
  ON "Agreement" FOR EACH ROW
  WHEN (NEW."nameMismatch" OR (NEW.status = 'signed' AND NEW."signatureName" IS NOT NULL))
  EXECUTE FUNCTION agreement_name_mismatch();
