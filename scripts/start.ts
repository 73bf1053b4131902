// `npm start`: brings up everything Imprimatur needs on this machine and stops it all on Ctrl-C.
// Whatever is configured (DATABASE_URL, SMTP_URL, NEXTAUTH_SECRET) is used as it is; whatever is
// not gets a local default kept under DATA_DIR.
// `npm run web` (this script with "web"): one web instance of a deployment — no worker, nothing
// embedded or generated, refuses to start without DATABASE_URL and NEXTAUTH_SECRET or on a schema
// behind this code. `npm run migrate` ("migrate"): applies the migrations as the owner, once per
// release. The job worker alone is `npm run worker` (scripts/worker.ts). README: "Deployment".
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { publisherName } from "../lib/config/app-config";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../lib/db/embedded-database";
import { requireDeploymentSettings } from "./start/deployment-settings";
import { ensureNextBuild } from "./start/ensure-next-build";
import { startMailCatcher, type MailCatcher } from "./start/mail-catcher";
import { requireMigratedDatabase } from "./start/require-migrated-database";
import { migrateDatabase } from "./start/run-prisma-migrations";
import { loadOrCreateSecret } from "./start/secret";
import { withServerNodeOptions } from "./start/server-node-options";
import { spawnWebServer } from "./start/web-server";

const ROLES = ["all", "web", "migrate"] as const;
const role = (process.argv[2] ?? "all") as (typeof ROLES)[number];
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const dataDir = path.resolve(process.env.DATA_DIR ?? "data");
const appUrl = (process.env.APP_URL || `http://localhost:${port}`).replace(/\/+$/, "");
const adminEmail = (process.env.ADMIN_EMAIL ?? "admin@imprimatur.test").trim().toLowerCase();

let database: EmbeddedDatabase | undefined;
let mailCatcher: MailCatcher | undefined;
let server: ChildProcess | undefined;
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
  await mailCatcher?.stop().catch(() => undefined);
  await database?.stop().catch(() => undefined);
  process.exit(code);
}

async function main() {
  if (!ROLES.includes(role))
    throw new Error(`unknown part "${role}": use \`npm start\`, \`npm run web\` or \`npm run migrate\`.`);
  // A publisher name that would change the legal text stops the start, naming the setting.
  publisherName();
  if (role !== "all") requireDeploymentSettings(role);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    APP_URL: appUrl,
    DATA_DIR: dataDir,
    ADMIN_EMAIL: adminEmail,
  };
  env.NEXTAUTH_URL ??= appUrl;
  // One machine only: a deployment's instances must share one configured secret.
  if (role === "all") env.NEXTAUTH_SECRET ??= await loadOrCreateSecret(path.join(dataDir, "nextauth-secret"));
  if (!env.DATABASE_URL) {
    database = await startEmbeddedDatabase({ dataDir, port: Number(process.env.EMBEDDED_DB_PORT ?? 54329) });
    env.DATABASE_URL = database.appUrl;
    env.MIGRATION_DATABASE_URL = database.ownerUrl;
  }
  // Migrations run as the owner; the web server gets only the app's least-privilege role. A
  // deployment's web instances only check: `npm run migrate` ran once before them.
  if (role === "web") await requireMigratedDatabase(env.DATABASE_URL!);
  else await migrateDatabase(env);
  if (role === "migrate") {
    console.log(`The database at ${redact(env.DATABASE_URL)} is migrated.`);
    return stopAll(0);
  }
  delete env.MIGRATION_DATABASE_URL;
  // A web instance sends no email (the workers do) and works no jobs.
  if (role === "web") env.RUN_WORKER = "false";
  else if (!env.SMTP_URL) {
    mailCatcher = await startMailCatcher({
      dataDir,
      smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 1025),
      webPort: Number(process.env.MAIL_CATCHER_WEB_PORT ?? 1080),
    });
    env.SMTP_URL = mailCatcher.smtpUrl;
  }
  await ensureNextBuild(env);
  server = await spawnWebServer({
    port,
    host,
    env: withServerNodeOptions(env),
    stdio: ["ignore", "inherit", "inherit"],
  });
  server.once("exit", (code) => void stopAll(stopping ? 0 : (code ?? 1)));
  await waitForServer(`http://${host}:${port}/api/health`);
  console.log(
    [
      "",
      role === "web"
        ? "Imprimatur web instance is running (no worker: start workers with `npm run worker`)."
        : "Imprimatur is running.",
      `  Open            ${appUrl}/staff/sign-in`,
      `  Sign in as      ${adminEmail} (the first admin; set ADMIN_EMAIL to choose another)`,
      mailCatcher
        ? `  Read its email  ${mailCatcher.inboxUrl} (a local inbox: every email the app sends lands here)`
        : role === "all"
          ? `  Email goes out through ${redact(env.SMTP_URL)}`
          : "  Email goes out through the workers",
      database
        ? `  Database        embedded PostgreSQL, data in ${path.join(dataDir, "postgres")}`
        : `  Database        ${redact(env.DATABASE_URL)}`,
      "  Stop with Ctrl-C.",
      "",
    ].join("\n"),
  );
}

async function waitForServer(url: string) {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The web server did not answer at ${url} within a minute.`);
}

function redact(url = "") {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));
main().catch(async (error) => {
  console.error(`\nImprimatur could not start: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
});
