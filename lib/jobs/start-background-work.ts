import "server-only";
import { ensureAdmin } from "@/lib/auth/ensure-admin";
import { migrateJobQueue, startWorker } from "./start-worker";

export async function startBackgroundWork() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start the app with `npm start`.");
  await migrateJobQueue(connectionString);
  if (process.env.ADMIN_EMAIL) await ensureAdmin(process.env.ADMIN_EMAIL);
  if (process.env.RUN_WORKER !== "false") await startWorker(connectionString);
}
