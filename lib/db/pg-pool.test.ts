import { describe, expect, it, vi } from "vitest";
import { sqlAs } from "@/test/database-as";
import { pgPool, preparedStatement } from "./pg-pool";

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

describe("prepared statements", () => {
  it("are prepared once per connection under a name of their text, and run by that name again", async () => {
    const text = "SELECT $1::int + 1 AS next";
    const first = preparedStatement(text, [1]);
    expect(first.name).toMatch(/^imprimatur_[\w-]{24}$/);
    expect(preparedStatement(text, [2]).name).toBe(first.name);
    expect(preparedStatement("SELECT $1::int + 2 AS next", [1]).name).not.toBe(first.name);
    const client = await pgPool().connect();
    try {
      expect((await client.query(preparedStatement(text, [1]))).rows[0].next).toBe(2);
      expect((await client.query(preparedStatement(text, [41]))).rows[0].next).toBe(42);
      const { rows } = await client.query<{ name: string; calls: string }>(
        "SELECT name, generic_plans + custom_plans AS calls FROM pg_prepared_statements WHERE name = $1",
        [first.name],
      );
      expect(rows).toEqual([{ name: first.name, calls: "2" }]);
    } finally {
      client.release();
    }
  });

  it("stop being named past a hundred texts, so a text built with its values cannot fill every connection", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const configs = Array.from({ length: 150 }, (_, i) =>
        preparedStatement(`SELECT ${i} AS built_with_its_value`, []),
      );
      expect(configs.filter((config) => config.name).length).toBeLessThanOrEqual(100);
      expect(configs.at(-1)).toEqual({ text: "SELECT 149 AS built_with_its_value", values: [] });
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });
});
