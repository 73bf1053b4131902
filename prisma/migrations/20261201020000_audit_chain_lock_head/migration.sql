-- Takes the audit chain's lock (the advisory key every writer of the chain uses) and returns the
-- chain's head, in one round trip. The lock is held until the writer commits, so every round trip
-- the writer makes while holding it delays all other signers and seals. A VOLATILE function takes
-- a fresh snapshot for each statement: the head is read after the lock is granted, so it includes
-- the events of the writer that held the lock before.
CREATE FUNCTION audit_chain_lock_head() RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7310001);
  RETURN (SELECT hash FROM "AuditEvent" ORDER BY id DESC LIMIT 1);
END
$$;
