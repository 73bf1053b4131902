import { mkdir } from "node:fs/promises";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { holdingDirectoryLock } from "../test/directory-lock";
import { withDatabase } from "./form-replay";
import { emailsTo, firstUrl, waitForEmail } from "./mailbox";

export const ADMIN = "admin@imprimatur.test";

/**
 * The journeys sign in dozens of times from one address within minutes, far past the sign-in
 * throttles (5 per address, 20 per client, per 15 minutes). Those throttles are proven in
 * lib/auth/staff-sign-in.test.ts and e2e/staff-sign-in.spec.ts; here they are reset so that the
 * journeys test what they are about.
 */
export async function resetSignInThrottles() {
  await withDatabase((db) => db.query(`DELETE FROM "RateLimitBucket" WHERE key LIKE 'sign-in:%'`));
}

/**
 * Runs `work` while no other Playwright worker asks for a sign-in link to `email`. The journeys run
 * on two workers and most sign in as the admin: every sign-in email has the same subject, so two
 * asked for at once could not be told apart (each journey takes the newest, and one of them would
 * find its link used). The lock is a directory in the run's data directory, which the web server's
 * command empties at the start of every run, so a killed run leaves none behind for the next.
 */
export async function holdingSignInsTo<T>(email: string, work: () => Promise<T>): Promise<T> {
  const locks = path.resolve(".e2e-data", "sign-in-locks");
  await mkdir(locks, { recursive: true });
  return holdingDirectoryLock(path.join(locks, encodeURIComponent(email)), work);
}

/** Signs in through the real magic link emailed to the address. */
export async function signInAsStaff(page: Page, email = ADMIN) {
  await holdingSignInsTo(email, async () => {
    await resetSignInThrottles();
    const before = (await emailsTo(email, /Sign in/)).length;
    await page.goto("/staff/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send sign-in link" }).click();
    await expect(page.getByRole("status")).toBeVisible();
    const link = await waitForEmail(email, /Sign in to Imprimatur/, before);
    await page.goto(firstUrl(link.text));
  });
  await expect(page.getByRole("heading", { name: "Staff home", level: 1 })).toBeVisible();
}
