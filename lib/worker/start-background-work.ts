import "server-only";
import { ensureAdmin } from "@/lib/auth/ensure-admin";
import { signingCertificateFromEnv } from "@/lib/signing/signing-certificate";
import { warmUpAgreementRenderer } from "@/lib/agreements/warm-up-renderer";
import { startWorker } from "./start-worker";

export async function startBackgroundWork() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start the app with `npm start`.");
  // The job queue's schema was migrated by the owner before the app started (scripts/start.ts):
  // the app's role may not run DDL.
  if (process.env.ADMIN_EMAIL) await ensureAdmin(process.env.ADMIN_EMAIL);
  // Made (or loaded) now rather than at the first signature: a bad SIGNING_CERT_P12 stops the start.
  await signingCertificateFromEnv();
  if (process.env.RUN_WORKER === "false") return;
  // The first seal in a process would otherwise pay for parsing the fonts.
  await warmUpAgreementRenderer();
  await startWorker(connectionString);
}
