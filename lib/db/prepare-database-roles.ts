import pg from "pg";
import { inPgTransaction } from "./in-pg-transaction";

// No "server-only" here: the start script (plain tsx, no react-server condition) calls this.

export type RoleLogin = { name: string; password: string };

/**
 * Makes `owner` own the database and everything in it, and `app` a plain login that owns
 * nothing. Run as a superuser against the app's database; safe to run at every start.
 *
 * Why per object: a database migrated by an older Imprimatur has every table owned by the
 * cluster's bootstrap superuser, and `REASSIGN OWNED` refuses to move objects away from that role
 * ("required by the database system"). Extension members (pg_trgm's functions) stay with the
 * extension.
 */
export async function prepareDatabaseRoles(options: { superuserUrl: string; owner: RoleLogin; app: RoleLogin }) {
  await inPgTransaction(options.superuserUrl, async (client) => {
    await ensureLogin(client, options.owner);
    await ensureLogin(client, options.app);
    const owner = client.escapeIdentifier(options.owner.name);
    const app = client.escapeIdentifier(options.app.name);
    // The app must never be able to act as the owner (SET ROLE, inherited rights).
    const membership = await client.query(
      `SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = $1 AND u.rolname = $2`,
      [options.owner.name, options.app.name],
    );
    if (membership.rowCount) await client.query(`REVOKE ${owner} FROM ${app}`);
    const { rows } = await client.query<{ database: string }>("SELECT current_database() AS database");
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(rows[0].database)} OWNER TO ${owner}`);
    for (const statement of await ownershipChanges(client, options.owner.name))
      await client.query(`${statement} OWNER TO ${owner}`);
  });
}

async function ensureLogin(client: pg.Client, role: RoleLogin) {
  const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role.name]);
  const verb = exists.rowCount ? "ALTER" : "CREATE";
  // Attributes restated every time: a role someone widened by hand is narrowed again.
  await client.query(
    `${verb} ROLE ${client.escapeIdentifier(role.name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(role.password)}`,
  );
}

const APP_SCHEMAS_SQL = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'`;
const NOT_EXTENSION_MEMBER = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

/** `ALTER … name` prefixes for every object in the app's schemas not yet owned by `owner`. */
async function ownershipChanges(client: pg.Client, owner: string): Promise<string[]> {
  const { rows } = await client.query<{ statement: string }>(
    `
    SELECT format('ALTER SCHEMA %I', n.nspname) AS statement, 0 AS rank FROM pg_namespace n
     WHERE ${APP_SCHEMAS_SQL} AND n.nspowner <> (SELECT oid FROM pg_roles WHERE rolname = $1)
       AND n.nspowner <> (SELECT oid FROM pg_roles WHERE rolname = 'pg_database_owner')
       AND ${NOT_EXTENSION_MEMBER("pg_namespace", "n.oid")}
    UNION ALL
    -- Tables carry their indexes and the sequences of their serial columns along.
    SELECT format('ALTER %s %s', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, c.oid::regclass), 1
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${APP_SCHEMAS_SQL} AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
       AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $1)
       AND ${NOT_EXTENSION_MEMBER("pg_class", "c.oid")}
       AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
    UNION ALL
    SELECT format('ALTER ROUTINE %s', p.oid::regprocedure), 2
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE ${APP_SCHEMAS_SQL} AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = $1)
       AND ${NOT_EXTENSION_MEMBER("pg_proc", "p.oid")}
    UNION ALL
    -- Enums, domains and standalone composite types; array and row types follow their element.
    SELECT format('ALTER TYPE %s', t.oid::regtype), 3
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE ${APP_SCHEMAS_SQL} AND t.typowner <> (SELECT oid FROM pg_roles WHERE rolname = $1)
       AND t.typtype IN ('e', 'd', 'c', 'r') AND t.typcategory <> 'A'
       AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
       AND ${NOT_EXTENSION_MEMBER("pg_type", "t.oid")}
    ORDER BY rank`,
    [owner],
  );
  return rows.map((row) => row.statement);
}
