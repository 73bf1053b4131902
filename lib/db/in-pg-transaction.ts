import pg from "pg";

// No "server-only": the start script (plain tsx) uses it to set up roles and grants.

/** Runs `work` on its own connection in one transaction: all of it happens, or none of it. */
export async function inPgTransaction<T>(
  connectionString: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
