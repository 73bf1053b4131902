-- The staff list counts the current (not superseded) agreements for every page it shows. This
-- narrow partial index answers that count, alone or by status and volume, from the index alone
-- (an index-only scan) once the table's pages are marked all-visible, instead of reading every
-- wide agreement row.
CREATE INDEX "Agreement_current_count_idx" ON "Agreement" (status, "proceedingsId") WHERE NOT superseded;

-- Agreements arrive in bulk (a volume's CSV import issues thousands at once). PostgreSQL's default
-- thresholds (20 % of the table inserted, 10 % changed) leave a grown table's statistics and
-- visibility map stale for a long time after such an import; at 1-2 % autovacuum catches up within a
-- minute or two, so the planner's estimates and the index-only counts above stay right.
ALTER TABLE "Agreement" SET (
  autovacuum_vacuum_insert_scale_factor = 0.01,
  autovacuum_vacuum_scale_factor = 0.02,
  autovacuum_analyze_scale_factor = 0.01
);

-- The trigram index takes new entries into a pending list first (a GIN index's "fast update"), which
-- every search reads in full and which the planner adds to the index's cost; only autovacuum, or a
-- list grown past its limit (4 MB by default), moves the entries into the index proper. After a bulk
-- import or a sweep over thousands of agreements the list was hundreds of pages long: each search
-- slower, and the trigram index priced 19 times its cost, above reading the whole table with a
-- pattern test per row (the 472 ms machine). 256 kB keeps the list short whatever autovacuum does.
ALTER INDEX "Agreement_searchText_idx" SET (gin_pending_list_limit = 256);

-- Fresh statistics and an empty pending list for what the staff list reads, right after a bulk
-- import, without waiting for autovacuum. Both are the owner's rights and the app's role owns
-- nothing, so the function runs with its owner's rights; it does nothing else, so anyone may call it.
CREATE FUNCTION refresh_agreement_list_statistics() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
  ANALYZE public."Agreement", public."SigningLink", public."EmailMessage";
  PERFORM gin_clean_pending_list('public."Agreement_searchText_idx"'::regclass);
END;
$$;
