import { inPgTransaction } from "./in-pg-transaction";

// No "server-only" here: the start script (plain tsx, no react-server condition) calls this.

/**
 * Tables the app may read and append to but never change: the evidence, and the stored seal that
 * signs it (so the app's role cannot swap the seal key under the PDFs it sealed). No UPDATE, DELETE,
 * TRUNCATE, REFERENCES or TRIGGER for the app; and as it owns none of them, PostgreSQL lets it
 * neither ALTER them nor switch their triggers off.
 */
export const APPEND_ONLY_TABLES = [
  "AuditEvent",
  "AuditCheckpoint",
  "AuditCheckpointTimestamp",
  "SignedDocument",
  "TimestampedDocument",
  "StoredSigningCertificate",
  // Agreements name the template version they were issued on: editing a template adds a version.
  "TemplateVersion",
] as const;

/**
 * Gives the app's role what it needs and no more. Run by the owner after every migration (the
 * start script does), so tables added by later migrations are covered and the audit tables'
 * REVOKE is restated each time rather than left to default privileges that a later GRANT ALL
 * could quietly widen.
 */
export async function grantAppPrivileges(options: { ownerUrl: string; appRole: string }) {
  await inPgTransaction(options.ownerUrl, async (client) => {
    // One role for both (no MIGRATION_DATABASE_URL): revoking from it would lock the owner out.
    const { rows } = await client.query<{ user: string }>("SELECT current_user AS user");
    if (rows[0].user === options.appRole) return;
    const app = client.escapeIdentifier(options.appRole);
    const APP_POLICY = `${options.appRole}_all_rows`;
    const appendOnly = APPEND_ONLY_TABLES.map((table) => `public.${client.escapeIdentifier(table)}`).join(", ");
    const hasJobQueue =
      (await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'graphile_worker'`)).rowCount === 1;
    await client.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    // The migration history is the owner's to write; reading it lets an instance started with the
    // app's URL alone (`npm start` without MIGRATION_DATABASE_URL) see that nothing is pending.
    await client.query(`REVOKE ALL ON TABLE public."_prisma_migrations" FROM ${app}`);
    await client.query(`GRANT SELECT ON TABLE public."_prisma_migrations" TO ${app}`);
    await client.query(`REVOKE ALL ON TABLE ${appendOnly} FROM ${app}`);
    await client.query(`GRANT SELECT, INSERT ON TABLE ${appendOnly} TO ${app}`);
    if (hasJobQueue) {
      // graphile-worker at run time: its tables and functions, and a read of its migration list
      // to see that nothing is left to migrate (it then runs no DDL).
      await client.query(`GRANT USAGE ON SCHEMA graphile_worker TO ${app}`);
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA graphile_worker TO ${app}`);
      await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA graphile_worker TO ${app}`);
      await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker TO ${app}`);
      await client.query(`REVOKE INSERT, UPDATE, DELETE ON TABLE graphile_worker.migrations FROM ${app}`);
      // graphile-worker turns row-level security on for its private tables with no policy, so
      // that only their owner sees rows. The app's role is not the owner: a policy lets it in.
      const secured = await client.query<{ table: string }>(
        `SELECT format('%I.%I', n.nspname, c.relname) AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'graphile_worker' AND c.relkind IN ('r', 'p') AND c.relrowsecurity
            AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = $1)`,
        [APP_POLICY],
      );
      for (const { table } of secured.rows)
        await client.query(
          `CREATE POLICY ${client.escapeIdentifier(APP_POLICY)} ON ${table} FOR ALL TO ${app} USING (true) WITH CHECK (true)`,
        );
    }
  });
}
