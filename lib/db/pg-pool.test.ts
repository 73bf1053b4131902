import { describe, expect, it } from "vitest";
import { sqlAs } from "@/test/database-as";
import { pgPool } from "./pg-pool";

describe("the plain pg pool", () => {
  it("survives the database dropping an idle connection (a restart, a failover) and answers the next query", async () => {
    const pool = pgPool();
    const { rows } = await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const crashes: unknown[] = [];
    const onUncaught = (error: unknown) => crashes.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      await sqlAs("admin", "SELECT pg_terminate_backend($1)", [rows[0].pid]);
      // Give the dropped connection's error time to reach the pool.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(crashes).toEqual([]);
      expect((await pool.query<{ one: number }>("SELECT 1 AS one")).rows[0].one).toBe(1);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
  });
});
