import { test, expect } from "@playwright/test";
import { expectNoAxeViolations } from "./accessibility";
import { firstUrl, waitForEmail } from "./mailbox";
import { signInAsStaff } from "./staff-session";

const VOLUME = "PMLR vol. 139, search journey";
const AUTHOR = { name: "Zhang Haoyang", email: "search.author@example.org" };

test("staff search the list, see why an agreement is flagged, sort it, and mark it published", async ({
  page,
  browser,
}) => {
  await signInAsStaff(page);
  for (const [title, email] of [
    ["Differentiable Dynamic Quantization 100% <b>bold</b>", AUTHOR.email],
    ["Graph networks at scale", "other.author@example.org"],
  ]) {
    await page.goto("/staff/agreements/new");
    await page.getByLabel("Proceedings").fill(VOLUME);
    await page.getByLabel("Article title").fill(title);
    await page.getByLabel("Corresponding author", { exact: true }).fill(AUTHOR.name);
    await page.getByLabel("Corresponding author email").fill(email);
    await page.getByLabel("All authors").fill(`${AUTHOR.name}\nZhang Zhongang`);
    await page.getByRole("button", { name: "Issue agreement" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  }

  // The author signs the first one under a co-author's name: the PMLR case.
  const invitation = await waitForEmail(AUTHOR.email, /publication agreement/);
  const author = await (await browser.newContext()).newPage();
  await author.goto(firstUrl(invitation.text.slice(invitation.text.indexOf("Sign the agreement:"))));
  await author.getByLabel("Type your full name to sign").fill("Zhang Zhongang");
  await author.getByLabel("I have read and agree fully with the terms of this agreement").check();
  await author.getByRole("button", { name: "Sign agreement" }).click();
  await expect(author.getByLabel("Type your full name to sign")).toHaveCount(0);

  await page.goto("/staff/agreements");
  await expectNoAxeViolations(page);
  await page.getByLabel("Search", { exact: true }).fill("100%");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=100%25/);
  await expect(page.getByRole("status")).toContainText("1 agreement matches");
  await expect(page.getByRole("link", { name: "Differentiable Dynamic Quantization 100% <b>bold</b>" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto("/staff/agreements?flag=name_mismatch");
  await expect(page.getByText("Signed as “Zhang Zhongang”, invited “Zhang Haoyang”")).toBeVisible();
  await expect(page.getByRole("search").getByLabel("Needs attention")).toHaveValue("name_mismatch");

  await page.goto(`/staff/agreements?volume=&q=${encodeURIComponent("' OR 1=1 --")}&page=999&sort=nonsense`);
  await expect(page.getByRole("status")).toContainText("No agreements match");

  await page.goto("/staff/agreements");
  await page.getByRole("link", { name: /^Article/ }).click();
  await expect(page.getByRole("columnheader", { name: /Article/ })).toHaveAttribute("aria-sort", "ascending");
  await expectNoAxeViolations(page);

  await page.goto("/staff/agreements?q=dynamic");
  await page.getByRole("link", { name: "Differentiable Dynamic Quantization 100% <b>bold</b>" }).click();
  await page.getByLabel("Published on (UTC day)").fill("2026-11-20");
  await page.getByRole("button", { name: "Mark published" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Recorded as published on 2026-11-20." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Change publication date" })).toBeVisible();
  await expectNoAxeViolations(page);
});
