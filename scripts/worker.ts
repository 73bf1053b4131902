// `npm run worker`: the job worker alone — emails, seals, imports, the scheduled sweeps — with no
// web server, for deployments that run web instances (`npm run web`) and workers apart, any number
// of each on one PostgreSQL. PostgreSQL hands each job to exactly one worker and each scheduled
// sweep runs once per period across all of them. Stops cleanly on SIGTERM or SIGINT.
import type { Runner } from "graphile-worker";
import { requireDeploymentSettings } from "./start/deployment-settings";
import { requireMigratedDatabase } from "./start/require-migrated-database";

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

let runner: Runner;
try {
  requireDeploymentSettings("worker");
  // Before the database is asked: a setting that is not what it must be is the first thing to fix.
  const { checkSettings } = await import("../lib/worker/check-settings");
  checkSettings();
  await requireMigratedDatabase(process.env.DATABASE_URL!);
  const { startWorkerAlone } = await import("../lib/worker/start-background-work");
  runner = await startWorkerAlone();
} catch (error) {
  console.error(`\nThe Imprimatur worker could not start: ${message(error)}`);
  process.exit(1);
}
const { readWorkerConcurrency } = await import("../lib/worker/read-worker-concurrency");
console.log(`Imprimatur worker started (process ${process.pid}, concurrency ${readWorkerConcurrency().jobs}).`);
await runner.promise.catch((error: unknown) => {
  console.error(`\nThe Imprimatur worker stopped: ${message(error)}`);
  process.exit(1);
});
