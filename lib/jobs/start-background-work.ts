import "server-only";
import { ensureAdmin } from "@/lib/auth/ensure-admin";
import { signingCertificateFromEnv } from "@/lib/pdf/signing-certificate";
import { warmUpAgreementRenderer } from "@/lib/pdf/warm-up-renderer";
import { migrateJobQueue, startWorker } from "./start-worker";

export async function startBackgroundWork() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start the app with `npm start`.");
  await migrateJobQueue(connectionString);
  if (process.env.ADMIN_EMAIL) await ensureAdmin(process.env.ADMIN_EMAIL);
  // Made (or loaded) now rather than at the first signature: a bad SIGNING_CERT_P12 stops the start.
  await signingCertificateFromEnv();
  if (process.env.RUN_WORKER === "false") return;
  // The first seal in a process would otherwise pay for parsing the fonts.
  await warmUpAgreementRenderer();
  await startWorker(connectionString);
}
