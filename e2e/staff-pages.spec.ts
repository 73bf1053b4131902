import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./accessibility";
import { firstUrl, waitForEmail } from "./mailbox";
import { signInAsStaff } from "./staff-session";
import { waitForSealedDownload } from "./sealing";

// Every staff page, with a volume of realistic papers (long titles, names in several scripts),
// an agreement signed and sealed, and a template: axe-clean, the navigation on one line at
// 1024 px and a menu at 390 px, wide tables scrolling in their own box, columns chosen in the URL.

const VOLUME = "Proceedings of the 43rd International Conference on Machine Learning (layout journey)";
const TITLES = [
  "Differentiable Dynamic Quantization with Mixed Precision and Adaptive Resolution for Efficient Inference",
  "平滑非凸优化中的随机方差缩减梯度方法：收敛性分析与大规模实验",
  "Apprentissage par renforcement hors ligne avec contraintes de sécurité : une approche par dualité lagrangienne",
  "Graph Neural Networks Meet Neural-Symbolic Computing: A Survey and Perspective on Relational Reasoning",
];
const NAMES = ["Zhang Haoyang", "李明", "Élodie Dupont-Lefèvre", "Kwame Nkrumah-Asante", "山田太郎", "Sofía Gutiérrez"];
const PAPERS = Array.from({ length: 27 }, (_, i) => ({
  id: `lay${String(i + 1).padStart(2, "0")}`,
  title: `${TITLES[i % TITLES.length]} (${i + 1})`,
  author: NAMES[i % NAMES.length],
  email: `layout.author${i + 1}@example.org`,
}));
const CSV = [
  "paper_id;title;corresponding_author;corresponding_email;authors",
  ...PAPERS.map(
    (p) => `${p.id};"${p.title}";${p.author};${p.email};"${p.author}; ${NAMES[(PAPERS.indexOf(p) + 1) % 6]}"`,
  ),
].join("\n");

async function axeAt(page: Page, path: string, heading: string | RegExp) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(heading);
  await expectNoAxeViolations(page);
}

test("every staff page is axe-clean with real data; navigation, tables and columns fit the screen", async ({
  page,
  browser,
}) => {
  // Its two dozen pages, each checked by axe at two widths, share the machine with another journey.
  test.setTimeout(360_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAsStaff(page);

  await page.goto("/staff/proceedings/new");
  await expectNoAxeViolations(page);
  await page.getByLabel("Name", { exact: true }).fill(VOLUME);
  await page.getByLabel("Short name").fill("icml-layout");
  await page.getByLabel("Camera-ready deadline").fill("2026-12-31");
  await page.getByRole("button", { name: "Create volume" }).click();
  await expect(page.getByRole("heading", { name: VOLUME })).toBeVisible();
  const board = new URL(page.url()).pathname;

  await page.getByRole("link", { name: "Import papers (CSV)" }).click();
  await expectNoAxeViolations(page);
  const file = { name: "accepted.csv", mimeType: "text/csv", buffer: Buffer.from(`${CSV}\n`) };
  await page.getByLabel("CSV file").setInputFiles(file);
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByRole("status")).toContainText("27 rows ready to issue");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Issue 27 agreements" }).click();
  await expect(page.getByRole("status")).toContainText("Done: 27 agreements issued", { timeout: 60_000 });
  await expectNoAxeViolations(page);

  // One author signs, so the list, the agreement and the activity show a sealed record.
  const invitation = await waitForEmail(PAPERS[0].email, /publication agreement/);
  const author = await (await browser.newContext()).newPage();
  await author.goto(firstUrl(invitation.text.slice(invitation.text.indexOf("Sign the agreement:"))));
  await author.getByLabel("Type your full name to sign").fill(PAPERS[0].author);
  await author.getByLabel("I have read and agree fully with the terms of this agreement").check();
  await author.getByRole("button", { name: "Sign agreement" }).click();
  await expect(author.getByRole("status")).toContainText("Signed.");

  await axeAt(page, board, VOLUME);
  await page.getByRole("link", { name: PAPERS[0].title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(PAPERS[0].title);
  await waitForSealedDownload(page);
  await expectNoAxeViolations(page);
  const agreement = new URL(page.url()).pathname;

  await axeAt(page, "/staff/agreements", "Agreements");
  await axeAt(page, "/staff/agreements/new", "Issue a publication agreement");
  await axeAt(page, "/staff/proceedings", "Proceedings");
  await axeAt(page, `${board}/settings`, /./);
  await axeAt(page, "/staff/templates", "Agreement templates");
  await page.getByRole("link", { name: "PMLR publication agreement" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("PMLR");
  await expectNoAxeViolations(page);
  await axeAt(page, "/staff/templates/new", /template/i);
  await axeAt(page, "/staff/team", "Staff team");
  await axeAt(page, "/staff/audit", "Audit log check");
  await axeAt(page, "/staff/activity", "Staff activity");
  await page.goto("/staff");
  await expectNoAxeViolations(page);
  await axeAt(page, "/verify", /verify/i);

  // Wide tables use the width of a wide screen: a long title on at most three lines, dates on one.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/staff/agreements");
  const titles = page.locator("table.results tbody a");
  await expect(titles).toHaveCount(25);
  await page.screenshot({ path: "test-results/layout-list-1280.png", fullPage: true });
  const lineHeight = await titles.first().evaluate((a) => parseFloat(getComputedStyle(a).lineHeight));
  const tallest = Math.max(
    ...(await titles.evaluateAll((links) => links.map((a) => a.getBoundingClientRect().height))),
  );
  expect.soft(tallest, "the tallest title, in px").toBeLessThanOrEqual(3 * lineHeight + 1);
  const results = page.getByRole("region", { name: "Agreements found" });
  expect(await results.evaluate((box) => box.scrollWidth <= box.clientWidth)).toBe(true);
  for (const time of await page.locator("table.results time").all())
    expect(await time.evaluate((t) => t.getClientRects().length)).toBe(1);

  // Columns: a GET form; the choice stays through paging, sorting, a new search and the export links.
  await page.getByText("Choose columns").click();
  await page.getByRole("checkbox", { name: "Volume" }).uncheck();
  await page.getByRole("checkbox", { name: "Corresponding author" }).uncheck();
  await page.getByRole("button", { name: "Show these columns" }).click();
  await expect(page).toHaveURL(/cols=/);
  const headers = page.getByRole("table").getByRole("columnheader");
  const chosen = ["Status", "Paper", "Article", "Signed", "Needs attention"];
  await expect(headers).toHaveText(chosen.map((label) => new RegExp(`^${label}`)));
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(headers).toHaveText(chosen.map((label) => new RegExp(`^${label}`)));
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /cols=/);
  await page.getByRole("link", { name: /^Paper/ }).click();
  await expect(headers).toHaveText(chosen.map((label) => new RegExp(`^${label}`)));
  await page.getByLabel("Search", { exact: true }).fill("quantization");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/q=quantization/);
  await expect(headers).toHaveText(chosen.map((label) => new RegExp(`^${label}`)));
  await expect(page.getByRole("cell", { name: VOLUME })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The navigation stays on one line at 1024 px; the audit pages sit in one menu, the user menu last.
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto("/staff/activity");
  expect.soft((await page.locator(".site-header").boundingBox())!.height, "the header is one line").toBeLessThan(70);
  const bar = page.locator(".nav-bar");
  const tops = await bar
    .locator(":scope > li")
    .evaluateAll((items) => items.map((li) => li.getBoundingClientRect().top));
  expect(new Set(tops).size).toBe(1);
  const audit = page.getByRole("navigation", { name: "Main" }).locator("summary", { hasText: "Audit" });
  await expect(audit).toHaveAttribute("aria-current", "true");
  await audit.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("link", { name: "Staff activity" })).toHaveAttribute("aria-current", "page");
  await expectNoAxeViolations(page);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("link", { name: "Staff activity" })).toBeHidden();
  await expect(audit).toBeFocused();

  // A phone: the navigation is one "Menu", the table scrolls sideways inside its own focusable box.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/staff/agreements");
  await expect(bar).toBeHidden();
  const menu = page.locator("summary", { hasText: "Menu" });
  await expect(menu).toBeVisible();
  const region = page.getByRole("region", { name: "Agreements found" });
  expect(await region.evaluate((box) => box.scrollWidth > box.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await region.focus();
  // Pressed again while polling: one clean-clone run lost the only press (scrollLeft stayed 0 for
  // 15 s with the region focused), while the page was still settling after the viewport change.
  await expect
    .poll(async () => {
      await page.keyboard.press("ArrowRight");
      return region.evaluate((box) => box.scrollLeft);
    })
    .toBeGreaterThan(0);
  await page.screenshot({ path: "test-results/layout-list-390.png", fullPage: true });
  await expectNoAxeViolations(page);
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("link", { name: "Agreements", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: "Staff activity" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.screenshot({ path: "test-results/layout-menu-390.png" });
  await expectNoAxeViolations(page);
  for (const path of [board, agreement, "/staff/audit", "/staff/activity", "/staff/team"]) {
    await page.goto(path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} fits 390 px`).toBeLessThanOrEqual(390);
    if (path === board || path === agreement) await expectNoAxeViolations(page);
  }
  await page.screenshot({ path: "test-results/layout-agreement-390.png", fullPage: true });

  // Signed out: the sign-in page, with its skip link.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/staff/sign-in");
  await visitor.keyboard.press("Tab");
  await expect(visitor.getByRole("link", { name: "Skip to main content" })).toBeFocused();
  await expectNoAxeViolations(visitor);
});
