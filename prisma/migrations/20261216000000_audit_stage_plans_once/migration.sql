-- audit_stage (…_audit_append) runs in the statement of every change that records an event (an API
-- create stages two). As an SQL function it was planned again on every call: PostgreSQL keeps no
-- plan of a SQL function's statements between calls (SECURITY DEFINER also keeps it from being
-- inlined). The same INSERT in PL/pgSQL is planned once per connection and its plan kept. What it
-- writes, who may call it and what it runs as are unchanged.
CREATE OR REPLACE FUNCTION audit_stage(events json, checkpoint_every integer, checkpoint_job json) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO audit_staging.pending
    ("agreementId", type, actor, ip, "userAgent", data, before, after, "checkpointEvery", "checkpointJob")
  SELECT v->>'agreementId', v->>'type', v->>'actor', v->>'ip', v->>'userAgent', (v->'data')::jsonb,
         v->>'before', v->>'after', checkpoint_every, checkpoint_job
  FROM json_array_elements(events) WITH ORDINALITY AS x(v, ord)
  ORDER BY x.ord;
END
$$;
