-- A re-imported CSV reissues the agreements of papers whose title or authors changed (issue 13):
-- the import counts them apart from the papers issued for the first time.
ALTER TABLE "BulkImport" ADD COLUMN "reissued" INTEGER NOT NULL DEFAULT 0;
