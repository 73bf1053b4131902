import { expect, type Page } from "@playwright/test";
import { emailsTo, firstUrl, waitForEmail } from "./mailbox";

export const ADMIN = "admin@imprimatur.test";

/** Signs in through the real magic link emailed to the address. */
export async function signInAsStaff(page: Page, email = ADMIN) {
  const before = (await emailsTo(email, /Sign in/)).length;
  await page.goto("/staff/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send sign-in link" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  const link = await waitForEmail(email, /Sign in to Imprimatur/, before);
  await page.goto(firstUrl(link.text));
  await expect(page.getByRole("heading", { name: "Agreements" })).toBeVisible();
}
