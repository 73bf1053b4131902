import { expect, test } from "@playwright/test";
import pg from "pg";
import { expectNoAxeViolations } from "./accessibility";
import { e2eDatabaseLogin } from "./form-replay";
import { emailsTo, firstUrl, waitForEmail } from "./mailbox";
import { signInAsStaff } from "./staff-session";

const STRANGER = "stranger@example.org";

test("an unknown email sees the same neutral message, and gets no mail and no account", async ({ page }) => {
  await page.goto("/staff/sign-in");
  await page.getByLabel("Email").fill(STRANGER);
  await page.getByRole("button", { name: "Send sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText(`If ${STRANGER} belongs to a staff account, a sign-in link is on its way.`);

  // A known address's link arrives within moments; by then a stranger's would have too.
  const adminLinks = (await emailsTo("admin@imprimatur.test", /Sign in/)).length;
  await page.getByLabel("Email").fill("admin@imprimatur.test");
  await page.getByRole("button", { name: "Send sign-in link" }).click();
  await waitForEmail("admin@imprimatur.test", /Sign in to Imprimatur/, adminLinks);
  expect(await emailsTo(STRANGER, /.*/)).toHaveLength(0);

  const db = new pg.Client(e2eDatabaseLogin());
  await db.connect();
  try {
    const users = await db.query(`SELECT 1 FROM "User" WHERE email = $1`, [STRANGER]);
    const outbox = await db.query(`SELECT 1 FROM "EmailMessage" WHERE "to" = $1`, [STRANGER]);
    expect(users.rowCount).toBe(0);
    expect(outbox.rowCount).toBe(0);
  } finally {
    await db.end();
  }
});

test("the sign-in form explains a malformed address and keeps it", async ({ page }) => {
  await page.goto("/staff/sign-in");
  await page.getByLabel("Email").fill("admin@");
  await page.getByRole("button", { name: "Send sign-in link" }).click();
  await expect(page.getByText("Enter an email address like name@example.org.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("admin@");
});

test("a signed-out visitor is sent to sign in, and signing out ends the session", async ({ page }) => {
  await page.goto("/staff/agreements/new");
  await expect(page).toHaveURL(/\/staff\/sign-in/);

  await page.getByLabel("Email").fill("admin@imprimatur.test");
  const adminLinks = (await emailsTo("admin@imprimatur.test", /Sign in/)).length;
  await page.getByRole("button", { name: "Send sign-in link" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  const email = await waitForEmail("admin@imprimatur.test", /Sign in to Imprimatur/, adminLinks);
  await page.goto(firstUrl(email.text));
  await expect(page.getByRole("heading", { name: "Agreements" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in/);
  await page.goto("/staff/agreements");
  await expect(page).toHaveURL(/\/staff\/sign-in/);
});

test("an auditor may look but not issue: the issue page answers 403", async ({ page }) => {
  const db = new pg.Client(e2eDatabaseLogin());
  await db.connect();
  try {
    await db.query(`INSERT INTO "User" (id, email, role) VALUES ('auditor-e2e', 'auditor@imprimatur.test', 'auditor') ON CONFLICT (email) DO NOTHING`);
  } finally {
    await db.end();
  }
  await signInAsStaff(page, "auditor@imprimatur.test");
  const response = await page.goto("/staff/agreements/new");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expectNoAxeViolations(page);
});
