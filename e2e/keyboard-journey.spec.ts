import { execFileSync } from "node:child_process";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { emailsTo, firstUrl, waitForEmail } from "./mailbox";
import { ADMIN, holdingSignInsTo, resetSignInThrottles } from "./staff-session";
import { waitForSealedDownload } from "./sealing";

// A staff member who uses only the keyboard: sign in, issue, find the agreement, download its PDF.
// Opening the emailed link is the one page.goto; everything else is Tab, typing and Enter. No clicks.

const TITLE = "Keyboard-only Journeys Through Accessible Staff Desks";
const AUTHOR = { name: "Ngozi Okonjo", email: "keyboard.author@example.org" };

const isFocused = (target: Locator) => target.evaluate((element) => element === document.activeElement);

/** Tab forward (at most `max` times) until `target` has the focus; each stop must show a focus ring. */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press("Tab");
    await expectVisibleFocus(page);
    if (await isFocused(target)) return;
  }
  throw new Error(`${max} presses of Tab never reached ${target}`);
}

async function expectVisibleFocus(page: Page) {
  const ring = await page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return "body";
    const style = getComputedStyle(element);
    return style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2
      ? `no focus ring on ${element.outerHTML.slice(0, 120)}`
      : "ring";
  });
  expect(["ring", "body"]).toContain(ring);
}

/** Every stop of the Tab key through the whole page, once round, with a ring on each: no trap. */
async function tabThroughWholePage(page: Page) {
  const stops: string[] = [];
  for (let presses = 0; presses < 200; presses++) {
    await page.keyboard.press("Tab");
    await expectVisibleFocus(page);
    const stop = await page.evaluate(() => {
      const element = document.activeElement;
      if (!element || element === document.body) return "";
      return (element.getAttribute("name") ?? element.textContent ?? "").trim().slice(0, 120) || element.tagName;
    });
    if (stop === "" || (stops.length > 0 && stop === stops[0])) return stops;
    stops.push(stop);
  }
  throw new Error(`focus never left the page after 200 presses of Tab (trapped after: ${stops.slice(-5)})`);
}

test("a staff member with only a keyboard signs in, issues, finds the agreement and downloads its PDF", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  // Other journeys leave used sign-in links to this address in the inbox, or ask for one meanwhile:
  // wait for a new one, asked for while no other journey asks.
  await holdingSignInsTo(ADMIN, async () => {
    await resetSignInThrottles();
    const signInsBefore = (await emailsTo(ADMIN, /Sign in to Imprimatur/)).length;
    await page.goto("/staff/sign-in");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
    await page.keyboard.press("Enter");
    await tabTo(page, page.getByLabel("Email"), 3);
    await page.keyboard.type(ADMIN);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status")).toContainText("sign-in link is on its way");
    const signIn = await waitForEmail(ADMIN, /Sign in to Imprimatur/, signInsBefore);
    await page.goto(firstUrl(signIn.text));
  });
  await expect(page.getByRole("heading", { name: "Staff home", level: 1 })).toBeVisible();

  const main = page.getByRole("navigation", { name: "Main" });
  await tabTo(page, main.getByRole("link", { name: "Issue agreement" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Issue a publication agreement" })).toBeVisible();
  await tabTo(page, page.getByLabel("Proceedings"));
  await page.keyboard.type("PMLR vol. 301, keyboard journey");
  await tabTo(page, page.getByLabel("Article title"));
  await page.keyboard.type(TITLE);
  await tabTo(page, page.getByLabel("Corresponding author", { exact: true }));
  await page.keyboard.type(AUTHOR.name);
  await tabTo(page, page.getByLabel("Corresponding author email"));
  await page.keyboard.type(AUTHOR.email);
  await tabTo(page, page.getByLabel("All authors"));
  await page.keyboard.type(`${AUTHOR.name}\nAmara Eze`);
  await tabTo(page, page.getByRole("button", { name: "Issue agreement" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);

  // The author signs on the signing page (also without a mouse).
  const invitation = await waitForEmail(AUTHOR.email, /publication agreement/);
  const author = await (await browser.newContext()).newPage();
  await author.goto(firstUrl(invitation.text.slice(invitation.text.indexOf("Sign the agreement:"))));
  await author.getByLabel("Type your full name to sign").fill(AUTHOR.name);
  await author.getByLabel("I have read and agree fully with the terms of this agreement").press("Space");
  await author.getByRole("button", { name: "Sign agreement" }).press("Enter");
  await expect(author.getByRole("status")).toContainText("Signed.");

  // Find it in the list by searching, with the Tab key and Enter.
  await tabTo(page, main.getByRole("link", { name: "Agreements", exact: true }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Agreements", level: 1 })).toBeVisible();
  await tabTo(page, page.getByLabel("Search", { exact: true }));
  await page.keyboard.type("keyboard-only journeys");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("1 agreement matches");
  const stops = await tabThroughWholePage(page);
  expect(stops).toContain("Choose columns");
  expect(stops).toContain(TITLE);
  await tabTo(page, page.getByRole("link", { name: TITLE }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);

  // Sealing runs in the background: the download appears once it is done.
  const download = await waitForSealedDownload(page);
  await tabTo(page, download, 120);
  const [pdf] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  const path = testInfo.outputPath("keyboard.pdf");
  await pdf.saveAs(path);
  expect(execFileSync("pdftotext", [path, "-"], { encoding: "utf8" })).toContain("Keyboard-only Journeys");
});
