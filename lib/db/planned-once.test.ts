import { describe, expect, it } from "vitest";
import { sqlAs } from "@/test/database-as";
import { migrateJobQueue } from "@/lib/queue/migrate-job-queue";

// Functions that every queued job or every recorded event goes through keep their plans: planning
// them again on each call was most of what they cost (lib/queue/migrate-job-queue.ts, migration
// …_audit_stage_plans_once). These read the catalogue: the plans themselves are not visible.

const ADD_JOBS = `'graphile_worker.add_jobs(graphile_worker.job_spec[], boolean)'::regprocedure`;

async function addJobsSettings(): Promise<string[] | null> {
  const { rows } = await sqlAs<{ config: string[] | null }>(
    "owner",
    `SELECT proconfig AS config FROM pg_proc WHERE oid = ${ADD_JOBS}`,
  );
  return rows[0].config;
}

describe("statements planned once per connection", () => {
  it("graphile-worker's add_jobs uses generic plans, set again by the next migration when a release replaces it", async () => {
    expect(await addJobsSettings()).toEqual(["plan_cache_mode=force_generic_plan"]);
    // What CREATE OR REPLACE FUNCTION in a graphile-worker release would leave: no setting.
    await sqlAs("owner", `ALTER FUNCTION ${ADD_JOBS.slice(1, ADD_JOBS.indexOf("'::"))} RESET ALL`);
    expect(await addJobsSettings()).toBeNull();
    await migrateJobQueue(process.env.TEST_OWNER_DATABASE_URL!);
    expect(await addJobsSettings()).toEqual(["plan_cache_mode=force_generic_plan"]);
  });

  it("audit_stage is PL/pgSQL (its INSERT's plan is kept), still run as its owner", async () => {
    const { rows } = await sqlAs<{ language: string; definer: boolean }>(
      "owner",
      `SELECT l.lanname AS language, p.prosecdef AS definer
         FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.oid = 'audit_stage(json, integer, json)'::regprocedure`,
    );
    expect(rows).toEqual([{ language: "plpgsql", definer: true }]);
  });
});
