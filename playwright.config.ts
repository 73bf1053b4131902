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

// Journeys that read or change what the whole app holds run alone, after the others: the staff
// home's counts and the links to that many rows, the team and its roles, the sign-in throttles
// (each test resets every address's, and one counts every sign-in email to the admin), and a
// webhook that receives every agreement.signed event while it is registered.
const WHOLE_APP = [
  "role-matrix.spec.ts",
  "staff-home.spec.ts",
  "staff-home-screenshots.spec.ts",
  "staff-sign-in.spec.ts",
  "webhooks-journey.spec.ts",
];
const LONGEST = "staff-pages.spec.ts";

export default defineConfig({
  testDir: "e2e",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // The other journeys run two at a time, each file on one worker: they wait on the browser, the
  // server, mail and seals far more than they use a core, and each has authors, volumes and titles
  // of its own. Staff sign-ins to one address take turns (e2e/staff-session.ts).
  workers: 2,
  // The longest journey is a project of its own, listed first, so that it starts at once rather than
  // last, with the other worker idle until it ends.
  projects: [
    { name: "longest journey", testMatch: LONGEST },
    { name: "journeys", testIgnore: [...WHOLE_APP, LONGEST] },
    { name: "whole app", testMatch: WHOLE_APP, workers: 1, dependencies: ["longest journey", "journeys"] },
  ],
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
