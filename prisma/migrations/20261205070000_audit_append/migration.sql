-- Appends events to the audit chain in one statement: takes the chain's lock, reads the head, dates
-- the events by the database's clock and hashes each onto its predecessor, all inside PostgreSQL.
-- The writer used to fetch the head, hash in Node and send the rows back while holding the lock, so
-- every other signer and seal waited for that Node process's turn (often busy rendering a PDF).
-- The hash is the one lib/audit/canonical-event.ts defines, SHA-256 over the UTF-8 of
-- prevHash + canonical JSON; Node sends each event's canonical JSON as the text before and after
-- its date (canonicalEventAround), so the JSON is written by one code only. `events` is a JSON array
-- of {agreementId, type, actor, ip, userAgent, data, before, after}, appended in array order.
-- The app's role has no right it lacked: it could always INSERT into "AuditEvent", never change it.
CREATE FUNCTION audit_append(events json) RETURNS SETOF bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  prev text;
  at timestamp(3);
  at_text text;
  e record;
  next_hash text;
  new_id bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(7310001);
  -- Read after the lock is granted (a fresh snapshot per statement in READ COMMITTED): the head
  -- includes the events of whoever held the lock before.
  prev := COALESCE((SELECT hash FROM "AuditEvent" ORDER BY id DESC LIMIT 1), repeat('0', 64));
  -- Millisecond precision, truncated as JavaScript's Date keeps it, so the hash can be recomputed.
  at := date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC');
  at_text := to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  FOR e IN
    SELECT v->>'agreementId' AS "agreementId", v->>'type' AS type, v->>'actor' AS actor, v->>'ip' AS ip,
           v->>'userAgent' AS "userAgent", (v->'data')::jsonb AS data, v->>'before' AS before, v->>'after' AS after
    FROM json_array_elements(events) WITH ORDINALITY AS x(v, ord)
    ORDER BY x.ord
  LOOP
    next_hash := encode(sha256(convert_to(prev || e.before || at_text || e.after, 'UTF8')), 'hex');
    INSERT INTO "AuditEvent" ("agreementId", type, actor, "occurredAt", ip, "userAgent", data, "prevHash", hash)
    VALUES (e."agreementId", e.type, e.actor, at, e.ip, e."userAgent", e.data, prev, next_hash)
    RETURNING id INTO new_id;
    prev := next_hash;
    RETURN NEXT new_id;
  END LOOP;
END
$$;
