-- A writer's events are staged as one row per batch (one audit_stage call), no longer one row per
-- event. A volume's import stages 200 events for every 100 papers: as rows, each fired the commit
-- trigger, and the trigger appended them one INSERT, one DELETE and one setting at a time, which
-- took more of the database's time than writing the papers themselves. Now a batch is one row and
-- one firing, and its events join "AuditEvent" in one INSERT. The chain is the same: each event is
-- dated by the one clock reading of its commit and hashed onto its predecessor in the batch's
-- order, SHA-256 over prevHash || before || date || after (lib/audit/canonical-event.ts), under the
-- same lock, and its webhook deliveries and a due checkpoint job are made in the same commit.
CREATE TABLE audit_staging.batch (
  id bigserial PRIMARY KEY,
  -- A JSON array of {agreementId, type, actor, ip, userAgent, data, before, after}, in chain order.
  events json NOT NULL,
  "checkpointEvery" integer NOT NULL,
  "checkpointJob" json NOT NULL
);

CREATE OR REPLACE FUNCTION audit_stage(events json, checkpoint_every integer, checkpoint_job json) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO audit_staging.batch (events, "checkpointEvery", "checkpointJob")
  SELECT events, checkpoint_every, checkpoint_job
  WHERE json_array_length(events) > 0;
$$;

CREATE FUNCTION audit_append_staged_batches() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head_id bigint;
  prev text;
  at timestamp(3);
  at_text text;
  b record;
  e record;
  prevs text[];
  hashes text[];
  ids bigint[];
  types text[];
  last_id bigint;
  job json;
  due boolean := false;
  has_endpoints boolean;
  delivery_id text;
BEGIN
  -- Fires once per staged batch; the first firing of a transaction appends all of its batches (only
  -- its own are visible: others' are uncommitted, and every commit empties the table of its own).
  -- Later firings return at once, told by a setting local to the transaction which batches are in.
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
  -- Asked once per commit: with no endpoint enabled, appending costs nothing more than before.
  has_endpoints := EXISTS (SELECT 1 FROM "WebhookEndpoint" WHERE enabled);
  FOR b IN SELECT * FROM audit_staging.batch ORDER BY id LOOP
    -- The links are sequential by nature, so hashed one after another; the rows then go in at once.
    prevs := '{}';
    hashes := '{}';
    FOR e IN SELECT x.v->>'before' AS before, x.v->>'after' AS after
             FROM json_array_elements(b.events) WITH ORDINALITY AS x(v, ord) ORDER BY x.ord LOOP
      prevs := array_append(prevs, prev);
      prev := encode(sha256(convert_to(prev || e.before || at_text || e.after, 'UTF8')), 'hex');
      hashes := array_append(hashes, prev);
    END LOOP;
    -- Ids are taken in the batch's order (the sorted subquery is not flattened, so each row's id is
    -- drawn as it comes out): the chain's order is the ids' order.
    WITH appended AS (
      INSERT INTO "AuditEvent" ("agreementId", type, actor, "occurredAt", ip, "userAgent", data, "prevHash", hash)
      SELECT x.v->>'agreementId', x.v->>'type', x.v->>'actor', at, x.v->>'ip', x.v->>'userAgent',
             (x.v->'data')::jsonb, prevs[x.ord], hashes[x.ord]
      FROM json_array_elements(b.events) WITH ORDINALITY AS x(v, ord)
      ORDER BY x.ord
      RETURNING id, type
    )
    SELECT max(id), array_agg(id ORDER BY id), array_agg(type ORDER BY id) INTO last_id, ids, types FROM appended;
    DELETE FROM audit_staging.batch WHERE id = b.id;
    PERFORM set_config('imprimatur.audit_appended_through', b.id::text, true);
    -- One delivery per enabled endpoint subscribed to an event's type, created in the same commit
    -- as the event, so it exists exactly when the event does (the unique index keeps it one), and
    -- its job queued with it, in the events' order. The job's name, key and attempts are
    -- lib/queue/jobs.ts's deliver_webhook (lib/webhooks/deliver-webhook.test.ts holds them together).
    IF has_endpoints THEN
      FOR delivery_id IN
        INSERT INTO "WebhookDelivery" (id, "endpointId", "auditEventId", "eventType")
        SELECT gen_random_uuid()::text, endpoint.id, event.id, event.type
        FROM unnest(ids, types) AS event(id, type)
        JOIN "WebhookEndpoint" endpoint ON endpoint.enabled AND event.type = ANY(endpoint.events)
        ORDER BY event.id
        ON CONFLICT DO NOTHING
        RETURNING id
      LOOP
        PERFORM graphile_worker.add_job('deliver_webhook', json_build_object('deliveryId', delivery_id),
          job_key => 'webhook:' || delivery_id, max_attempts => 3);
      END LOOP;
    END IF;
    -- Ids advance at least one per event, so a checkpoint whenever they pass a multiple of N comes
    -- at least every N events; the job itself decides whether one is due (checkpoint-audit-chain.ts).
    IF (COALESCE(head_id, 0) / b."checkpointEvery") <> (last_id / b."checkpointEvery") THEN
      due := true;
      job := b."checkpointJob";
    END IF;
    head_id := last_id;
  END LOOP;
  IF due THEN
    PERFORM graphile_worker.add_job(job->>'identifier', job->'payload', job_key => job->>'job_key',
      max_attempts => (job->>'max_attempts')::integer);
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER audit_append_at_commit
  AFTER INSERT ON audit_staging.batch
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION audit_append_staged_batches();

-- Every commit empties the staging table of its own rows, so none is left to move.
DROP TRIGGER audit_append_at_commit ON audit_staging.pending;
DROP FUNCTION audit_append_staged();
DROP TABLE audit_staging.pending;
