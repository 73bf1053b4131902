import "server-only";
import type { Runner } from "graphile-worker";
import { ensureAdmin } from "@/lib/auth/ensure-admin";
import { signingCertificateFromEnv } from "@/lib/signing/signing-certificate";
import { prepareSealing } from "@/lib/agreements/seal-threads";
import { checkSettings } from "./check-settings";
import { startWorker } from "./start-worker";

/**
 * Runs once in every web instance (instrumentation.ts): makes sure the first admin exists and the
 * seal loads, then works the job queue too unless RUN_WORKER=false (`npm run web`).
 */
export async function startBackgroundWork() {
  checkSettings();
  const connectionString = databaseUrl();
  // The job queue's schema was migrated by the owner before the app started (scripts/start.ts):
  // the app's role may not run DDL.
  if (process.env.ADMIN_EMAIL) await ensureAdmin(process.env.ADMIN_EMAIL);
  // Made (or loaded) now rather than at the first signature: a bad SIGNING_CERT_P12 stops the start.
  await signingCertificateFromEnv();
  if (process.env.RUN_WORKER === "false") return;
  await startJobWorker(connectionString);
}

/**
 * The web server's start (instrumentation.ts). Left to Next, a failed start (a setting that is not
 * what it must be, a bad SIGNING_CERT_P12) is logged with its stack at every request while the
 * server answers nothing: the operator saw hundreds of traces, then "did not answer within a
 * minute". It is said once, and the server stops.
 */
export async function startBackgroundWorkOrExit() {
  try {
    await startBackgroundWork();
  } catch (error) {
    console.error(`\nThe web server cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/** `npm run worker` (scripts/worker.ts): the job queue alone, no HTTP; `runner.promise` settles when it stops. */
export async function startWorkerAlone(): Promise<Runner> {
  // scripts/worker.ts has checked the settings (checkSettings) before it asked the database.
  const connectionString = databaseUrl();
  await signingCertificateFromEnv();
  return startJobWorker(connectionString);
}

async function startJobWorker(connectionString: string): Promise<Runner> {
  prepareSealing();
  return startWorker(connectionString);
}

function databaseUrl(): string {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start the app with `npm start`.");
  return connectionString;
}
