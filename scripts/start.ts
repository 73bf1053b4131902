// `npm start`: brings up everything Imprimatur needs on this machine and stops it all on Ctrl-C.
// Whatever is configured (DATABASE_URL, SMTP_URL, NEXTAUTH_SECRET) is used as it is; whatever is
// not gets a local default kept under DATA_DIR.
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { publisherName } from "../lib/config/app-config";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../lib/db/embedded-database";
import { ensureNextBuild } from "./start/ensure-next-build";
import { startMailCatcher, type MailCatcher } from "./start/mail-catcher";
import { migrateDatabase } from "./start/run-prisma-migrations";
import { loadOrCreateSecret } from "./start/secret";
import { withServerNodeOptions } from "./start/server-node-options";
import { spawnWebServer } from "./start/web-server";

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
  // A publisher name that would change the legal text stops the start, naming the setting.
  publisherName();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    APP_URL: appUrl,
    DATA_DIR: dataDir,
    ADMIN_EMAIL: adminEmail,
  };
  env.NEXTAUTH_URL ??= appUrl;
  env.NEXTAUTH_SECRET ??= await loadOrCreateSecret(path.join(dataDir, "nextauth-secret"));
  if (!env.DATABASE_URL) {
    database = await startEmbeddedDatabase({ dataDir, port: Number(process.env.EMBEDDED_DB_PORT ?? 54329) });
    env.DATABASE_URL = database.appUrl;
    env.MIGRATION_DATABASE_URL = database.ownerUrl;
  }
  // Migrations run as the owner; the web server gets only the app's least-privilege role.
  await migrateDatabase(env);
  delete env.MIGRATION_DATABASE_URL;
  if (!env.SMTP_URL) {
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
      "Imprimatur is running.",
      `  Open            ${appUrl}/staff/sign-in`,
      `  Sign in as      ${adminEmail} (the first admin; set ADMIN_EMAIL to choose another)`,
      mailCatcher
        ? `  Read its email  ${mailCatcher.inboxUrl} (a local inbox: every email the app sends lands here)`
        : `  Email goes out through ${redact(env.SMTP_URL)}`,
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
