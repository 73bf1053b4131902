-- Webhook deliveries are created where audit events now join the chain: at COMMIT, inside
-- PostgreSQL (…_audit_append). An event's id exists only there, so its deliveries and their jobs
-- are made in the same function, in the same commit. The function is …_audit_append's, with the
-- deliveries added.
CREATE OR REPLACE FUNCTION audit_append_staged() RETURNS trigger
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
  has_endpoints boolean;
  delivery_id text;
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
  -- Asked once per commit: with no endpoint enabled, appending costs nothing more than before.
  has_endpoints := EXISTS (SELECT 1 FROM "WebhookEndpoint" WHERE enabled);
  FOR e IN SELECT * FROM audit_staging.pending ORDER BY id LOOP
    next_hash := encode(sha256(convert_to(prev || e.before || at_text || e.after, 'UTF8')), 'hex');
    INSERT INTO "AuditEvent" ("agreementId", type, actor, "occurredAt", ip, "userAgent", data, "prevHash", hash)
    VALUES (e."agreementId", e.type, e.actor, at, e.ip, e."userAgent", e.data, prev, next_hash)
    RETURNING id INTO new_id;
    DELETE FROM audit_staging.pending WHERE id = e.id;
    PERFORM set_config('imprimatur.audit_appended_through', e.id::text, true);
    prev := next_hash;
    -- One delivery per enabled endpoint subscribed to the event's type, created in the same commit
    -- as the event, so it exists exactly when the event does (the unique index keeps it one), and
    -- its job queued with it. The job's name, key and attempts are lib/queue/jobs.ts's
    -- deliver_webhook (lib/webhooks/deliver-webhook.test.ts holds the two together).
    IF has_endpoints THEN
      FOR delivery_id IN
        INSERT INTO "WebhookDelivery" (id, "endpointId", "auditEventId", "eventType")
        SELECT gen_random_uuid()::text, endpoint.id, new_id, e.type
        FROM "WebhookEndpoint" endpoint
        WHERE endpoint.enabled AND e.type = ANY(endpoint.events)
        ON CONFLICT DO NOTHING
        RETURNING id
      LOOP
        PERFORM graphile_worker.add_job('deliver_webhook', json_build_object('deliveryId', delivery_id),
          job_key => 'webhook:' || delivery_id, max_attempts => 3);
      END LOOP;
    END IF;
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

