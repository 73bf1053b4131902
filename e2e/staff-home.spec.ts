import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./accessibility";
import { withDatabase } from "./form-replay";
import { firstUrl, waitForEmail } from "./mailbox";
import { signInAsStaff } from "./staff-session";

const VOLUME = "PMLR vol. 998, Staff home journey";
const HEADER = "paper_id;title;corresponding_author;corresponding_email;authors";
const PAPERS = [
  HEADER,
  "H1;Signed early;Ada Lovelace;ada@home.example;Ada Lovelace",
  "H2;Mail bounced;Grace Hopper;grace@home.example;Grace Hopper",
  "H3;Link about to expire;Alan Turing;alan@home.example;Alan Turing",
].join("\n");
const DAY_MS = 86_400_000;
const day = (date: Date) => date.toISOString().slice(0, 10);

/** How many rows the staff list says it shows, from its status line. */
async function listedCount(page: Page): Promise<number> {
  const status = (await page.getByRole("status").first().textContent()) ?? "";
  if (status.includes("No agreements match")) return 0;
  const match = /^([\d,]+) agreements? match/.exec(status.trim());
  if (!match) throw new Error(`unexpected status line: ${status}`);
  return Number(match[1].replaceAll(",", ""));
}

test("the staff home's counts, each link showing that many rows, and a chart that states its numbers", async ({
  page,
  browser,
}) => {
  await signInAsStaff(page);
  // A volume due in ten days, with three papers.
  const deadline = new Date(Date.now() + 10 * DAY_MS);
  await page.goto("/staff/proceedings/new");
  await page.getByLabel("Name", { exact: true }).fill(VOLUME);
  await page.getByLabel("Camera-ready deadline").fill(day(deadline));
  await page.getByRole("button", { name: "Create volume" }).click();
  await expect(page.getByRole("heading", { name: VOLUME })).toBeVisible();
  await page.getByRole("link", { name: "Import papers (CSV)" }).click();
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "home.csv", mimeType: "text/csv", buffer: Buffer.from(`${PAPERS}\n`) });
  await page.getByRole("button", { name: "Preview import" }).click();
  await page.getByRole("button", { name: "Issue 3 agreements" }).click();
  await expect(page.getByRole("status")).toContainText("Done: 3 agreements issued", { timeout: 30_000 });

  // Ada signs; Grace's mail server refused the invitation; Alan's link runs out in two days.
  const invitation = await waitForEmail("ada@home.example", /publication agreement/);
  const author = await (await browser.newContext()).newPage();
  await author.goto(firstUrl(invitation.text.slice(invitation.text.indexOf("Sign the agreement:"))));
  await author.getByLabel("Type your full name to sign").fill("Ada Lovelace");
  await author.getByLabel("I have read and agree fully with the terms of this agreement").check();
  await author.getByRole("button", { name: "Sign agreement" }).click();
  await expect(author.getByLabel("Type your full name to sign")).toHaveCount(0);
  await waitForEmail("grace@home.example", /publication agreement/);
  await withDatabase(async (db) => {
    await db.query(
      `UPDATE "EmailMessage" SET status = 'failed', "lastError" = '550 mailbox unavailable'
       WHERE "to" = 'grace@home.example'`,
    );
    await db.query(
      `UPDATE "SigningLink" l SET "expiresAt" = now() + interval '2 days' FROM "Agreement" a
       WHERE l."agreementId" = a.id AND a."correspondingAuthorEmail" = 'alan@home.example'`,
    );
  });

  await page.goto("/staff");
  await expect(page.getByRole("heading", { level: 1, name: "Staff home" })).toBeVisible();
  await expectNoAxeViolations(page);
  const lines = page.getByTestId("attention").getByRole("listitem");
  await expect(lines).toHaveCount(7);
  const counts: { key: string; count: number; href: string }[] = [];
  for (const line of await lines.all()) {
    counts.push({
      key: (await line.getAttribute("data-key"))!,
      count: Number(await line.getAttribute("data-count")),
      href: (await line.getByRole("link").getAttribute("href"))!,
    });
  }
  const count = (key: string) => counts.find((line) => line.key === key)!.count;
  expect(count("email_failed")).toBeGreaterThanOrEqual(1);
  expect(count("link_expiring")).toBeGreaterThanOrEqual(1);
  // A zero is shown, as a link, not hidden.
  await expect(page.getByRole("link", { name: `${count("seal_failed")} seal` }).first()).toBeVisible();
  for (const line of counts) {
    await page.goto(line.href);
    expect({ key: line.key, listed: await listedCount(page) }).toEqual({ key: line.key, listed: line.count });
  }
  // Following a count by clicking, as staff would.
  await page.goto("/staff");
  await page.getByRole("link", { name: /whose last email failed/ }).click();
  await expect(page).toHaveURL(/flag=email_failed/);
  await expect(page.getByRole("link", { name: "Mail bounced" })).toBeVisible();

  // The volume's burn-up chart states its numbers in words (its <desc> and caption).
  await page.goto("/staff");
  const card = page.getByRole("region", { name: VOLUME });
  const sentence = `1 of 3 agreements signed by ${day(new Date())}; deadline ${day(deadline)}.`;
  await expect(card.getByRole("img", { name: /Signatures per day against the deadline/ })).toBeVisible();
  await expect(card.locator("svg desc").last()).toContainText(sentence);
  await expect(card.locator("figcaption").getByText(sentence)).toBeVisible();
  await expect(card.locator("svg desc").first()).toHaveText(
    "3 agreements: 1 signed, 0 opened, not signed, 2 not opened, 0 declined.",
  );
  await card.getByText("Signatures by day (table)").click();
  await expect(card.getByRole("row", { name: `${day(new Date())} 1 1` })).toBeVisible();

  // The same charts on the volume's page.
  await card.getByRole("link", { name: VOLUME }).click();
  await expect(page.getByRole("heading", { level: 1, name: VOLUME })).toBeVisible();
  await expect(page.locator("figcaption").getByText(sentence)).toBeVisible();
  await expectNoAxeViolations(page);
});
