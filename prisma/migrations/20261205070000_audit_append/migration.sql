-- The audit chain is linked when a writer commits, inside PostgreSQL, never while a Node process
-- holds its lock. A writer used to take the chain's lock mid-transaction (the head, then the hash
-- in Node, the INSERT, then COMMIT): every other signer and seal waited for that writer's Node
-- process to get round to each next statement, often while it rendered or sealed a PDF.
-- Now a writer stages its events (audit_stage) with no lock; a deferred constraint trigger runs at
-- COMMIT, takes the lock, dates the events by the database's clock, hashes each onto its
-- predecessor and appends them to "AuditEvent"; the commit then releases the lock. The hash is
-- the one lib/audit/canonical-event.ts defines, SHA-256 over the UTF-8 of prevHash + canonical
-- JSON: Node sends each event's canonical JSON as the text before and after its date
-- (canonicalEventAround), so the JSON is written by one code only.
-- The staging table is the owner's, in a schema of its own; the app reaches it only through these
-- functions (SECURITY DEFINER). The app gains no right: it could always INSERT into "AuditEvent"
-- and never change it.
CREATE SCHEMA audit_staging;

CREATE TABLE audit_staging.pending (
  id bigserial PRIMARY KEY,
  "agreementId" text,
  type text NOT NULL,
  actor text NOT NULL,
  ip text,
  "userAgent" text,
  data jsonb NOT NULL,
  before text NOT NULL,
  after text NOT NULL,
  -- A checkpoint job is queued whenever the chain's ids pass a multiple of this (checkpoint-settings.ts).
  "checkpointEvery" integer NOT NULL,
  "checkpointJob" json NOT NULL
);

-- `events`: a JSON array of {agreementId, type, actor, ip, userAgent, data, before, after}, to be
-- appended in array order when the caller's transaction commits.
CREATE FUNCTION audit_stage(events json, checkpoint_every integer, checkpoint_job json) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO audit_staging.pending
    ("agreementId", type, actor, ip, "userAgent", data, before, after, "checkpointEvery", "checkpointJob")
  SELECT v->>'agreementId', v->>'type', v->>'actor', v->>'ip', v->>'userAgent', (v->'data')::jsonb,
         v->>'before', v->>'after', checkpoint_every, checkpoint_job
  FROM json_array_elements(events) WITH ORDINALITY AS x(v, ord)
  ORDER BY x.ord;
$$;

CREATE FUNCTION audit_append_staged() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head_id bigint;
  prev text;
  at timestamp(3);
  at_text text;
  e record;
  next_hash text;
  new_id bigint;
  job json;
  due boolean := false;
BEGIN
  -- Fires once per staged row; the first firing of a transaction appends all of its rows (only its
  -- own are visible: others' are uncommitted, and every commit empties the table of its own). The
  -- later firings of a batch return at once (a volume stages thousands), told by a setting local
  -- to the transaction which rows are already in the chain.
  IF NEW.id <= COALESCE(NULLIF(current_setting('imprimatur.audit_appended_through', true), ''), '0')::bigint THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(7310001);
  -- Read after the lock is granted: the head includes the events of whoever held it before.
  SELECT id, hash INTO head_id, prev FROM "AuditEvent" ORDER BY id DESC LIMIT 1;
  prev := COALESCE(prev, repeat('0', 64));
  -- Millisecond precision, truncated as JavaScript's Date keeps it, so the hash can be recomputed.
  at := date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC');
  at_text := to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  FOR e IN SELECT * FROM audit_staging.pending ORDER BY id LOOP
    next_hash := encode(sha256(convert_to(prev || e.before || at_text || e.after, 'UTF8')), 'hex');
    INSERT INTO "AuditEvent" ("agreementId", type, actor, "occurredAt", ip, "userAgent", data, "prevHash", hash)
    VALUES (e."agreementId", e.type, e.actor, at, e.ip, e."userAgent", e.data, prev, next_hash)
    RETURNING id INTO new_id;
    DELETE FROM audit_staging.pending WHERE id = e.id;
    PERFORM set_config('imprimatur.audit_appended_through', e.id::text, true);
    prev := next_hash;
    -- Ids advance at least one per event, so a checkpoint whenever they pass a multiple of N comes
    -- at least every N events; the job itself decides whether one is due (checkpoint-audit-chain.ts).
    IF (COALESCE(head_id, 0) / e."checkpointEvery") <> (new_id / e."checkpointEvery") THEN
      due := true;
      job := e."checkpointJob";
    END IF;
    head_id := new_id;
  END LOOP;
  IF due THEN
    PERFORM graphile_worker.add_job(job->>'identifier', job->'payload', job_key => job->>'job_key',
      max_attempts => (job->>'max_attempts')::integer);
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER audit_append_at_commit
  AFTER INSERT ON audit_staging.pending
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION audit_append_staged();
