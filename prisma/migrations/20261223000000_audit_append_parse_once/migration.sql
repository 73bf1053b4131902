-- audit_append_staged_batches (…_audit_stage_batches) read each staged event's JSON seven times
-- in its INSERT (one `->>` per column: a json value is parsed again on every access) and once more
-- in the hashing loop, and grew its arrays one element at a time. A volume's import commits 200
-- events per chunk under the chain's lock, so that parsing was most of the append's time. Now a
-- batch is read once, by json_to_recordset, into one array per column; the links are hashed over
-- those arrays and the rows go in from them. The chain is unchanged: the same lock, the same one
-- clock reading per commit, the same SHA-256 over prevHash || before || date || after in the
-- batch's order, ids taken in that order, the same webhook deliveries and checkpoint job.
CREATE OR REPLACE FUNCTION audit_append_staged_batches() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head_id bigint;
  prev text;
  at timestamp(3);
  at_text text;
  b record;
  agreement_ids text[];
  event_types text[];
  actors text[];
  ips text[];
  user_agents text[];
  datas jsonb[];
  befores text[];
  afters text[];
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
    -- The batch's JSON is read once, each event into its columns; the arrays keep the batch's order.
    SELECT array_agg(x."agreementId" ORDER BY x.ord), array_agg(x.type ORDER BY x.ord), array_agg(x.actor ORDER BY x.ord),
           array_agg(x.ip ORDER BY x.ord), array_agg(x."userAgent" ORDER BY x.ord), array_agg(x.data ORDER BY x.ord),
           array_agg(x.before ORDER BY x.ord), array_agg(x.after ORDER BY x.ord)
      INTO agreement_ids, event_types, actors, ips, user_agents, datas, befores, afters
      FROM ROWS FROM (json_to_recordset(b.events) AS ("agreementId" text, type text, actor text, ip text,
             "userAgent" text, data jsonb, before text, after text))
        WITH ORDINALITY AS x("agreementId", type, actor, ip, "userAgent", data, before, after, ord);
    -- The links are sequential by nature, so hashed one after another; the rows then go in at once.
    prevs := '{}';
    hashes := '{}';
    FOR i IN 1 .. coalesce(cardinality(befores), 0) LOOP
      prevs[i] := prev;
      prev := encode(sha256(convert_to(prev || befores[i] || at_text || afters[i], 'UTF8')), 'hex');
      hashes[i] := prev;
    END LOOP;
    -- Ids are taken in the batch's order (the sorted subquery is not flattened, so each row's id is
    -- drawn as it comes out): the chain's order is the ids' order.
    WITH appended AS (
      INSERT INTO "AuditEvent" ("agreementId", type, actor, "occurredAt", ip, "userAgent", data, "prevHash", hash)
      SELECT u."agreementId", u.type, u.actor, at, u.ip, u."userAgent", u.data, u.prev, u.hash
      FROM unnest(agreement_ids, event_types, actors, ips, user_agents, datas, prevs, hashes)
        WITH ORDINALITY AS u("agreementId", type, actor, ip, "userAgent", data, prev, hash, ord)
      ORDER BY u.ord
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
