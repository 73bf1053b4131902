-- audit_stage (…_audit_stage_batches) runs in the statement of every change that records an event
-- (an API create stages two). As an SQL function it was planned again on every call: PostgreSQL
-- keeps no plan of a SQL function's statements between calls (SECURITY DEFINER also keeps it from
-- being inlined). The same INSERT in PL/pgSQL is planned once per connection and its plan kept.
-- What it writes, who may call it and what it runs as are unchanged.
CREATE OR REPLACE FUNCTION audit_stage(events json, checkpoint_every integer, checkpoint_job json) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO audit_staging.batch (events, "checkpointEvery", "checkpointJob")
  SELECT events, checkpoint_every, checkpoint_job
  WHERE json_array_length(events) > 0;
END
$$;
