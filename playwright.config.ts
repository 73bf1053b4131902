import { defineConfig } from "@playwright/test";

// The journey runs against `npm start`'s own start script: embedded PostgreSQL, MailDev as the
// SMTP server, a production build of the app. Ports are fixed and unusual to avoid a running copy;
// E2E_PORT_OFFSET moves them all, so two checkouts can run their journeys side by side.
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const E2E = {
  port: 3217 + offset,
  databasePort: 54417 + offset,
  smtpPort: 1217 + offset,
  inboxPort: 1317 + offset,
};
const baseURL = `http://localhost:${E2E.port}`;

export default defineConfig({
  testDir: "e2e",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-results.json" }]],
  use: {
    baseURL,
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: "rm -rf .e2e-data && tsx scripts/start.ts",
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(E2E.port),
      APP_URL: baseURL,
      DATA_DIR: ".e2e-data",
      EMBEDDED_DB_PORT: String(E2E.databasePort),
      MAIL_CATCHER_SMTP_PORT: String(E2E.smtpPort),
      MAIL_CATCHER_WEB_PORT: String(E2E.inboxPort),
      ADMIN_EMAIL: "admin@imprimatur.test",
      DATABASE_URL: "",
      SMTP_URL: "",
      // The journeys' webhook receivers listen on loopback, which deliveries reach only when allowed.
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
    },
  },
});
