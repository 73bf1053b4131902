// `npm run worker`: the job worker alone — emails, seals, imports, the scheduled sweeps — with no
// web server, for deployments that run web instances (`npm run web`) and workers apart, any number
// of each on one PostgreSQL. PostgreSQL hands each job to exactly one worker and each scheduled
// sweep runs once per period across all of them. Stops cleanly on SIGTERM or SIGINT.
import { requireDeploymentSettings } from "./start/deployment-settings";
import { requireMigratedDatabase } from "./start/require-migrated-database";

try {
  requireDeploymentSettings("worker");
  await requireMigratedDatabase(process.env.DATABASE_URL!);
  const { runWorkerAlone } = await import("../lib/worker/start-background-work");
  console.log(
    `Imprimatur worker started (process ${process.pid}, concurrency ${process.env.WORKER_CONCURRENCY ?? 10}).`,
  );
  await runWorkerAlone();
} catch (error) {
  console.error(`\nThe Imprimatur worker could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
