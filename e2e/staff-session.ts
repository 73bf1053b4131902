import { expect, type Page } from "@playwright/test";
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

/** Signs in through the real magic link emailed to the address. */
export async function signInAsStaff(page: Page, email = ADMIN) {
  await resetSignInThrottles();
  const before = (await emailsTo(email, /Sign in/)).length;
  await page.goto("/staff/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send sign-in link" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  const link = await waitForEmail(email, /Sign in to Imprimatur/, before);
  await page.goto(firstUrl(link.text));
  await expect(page.getByRole("heading", { name: "Staff home", level: 1 })).toBeVisible();
}
