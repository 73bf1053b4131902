import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { expectNoAxeViolations } from "./accessibility";
import { firstUrl, waitForEmail } from "./mailbox";
import { signInAsStaff } from "./staff-session";

const HEADER = "paper_id;title;corresponding_author;corresponding_email;authors";
const GOOD = [
  HEADER,
  'P1;Learning to Sign;Ada Lovelace;ada@volume.example;"Ada Lovelace; Charles Babbage"',
  '"P2";"A title; with a semicolon";Grace Hopper;grace@volume.example;Grace Hopper',
  'P3;=HYPERLINK("http://evil");Alan Turing;alan@volume.example;Alan Turing',
].join("\n");
const BAD = [
  HEADER,
  "Q1;;No Title;nt@volume.example;No Title",
  "Q2;Bad email;Bad Email;not-an-email;Bad Email",
  "Q3;Fine;Fine Author;fine@volume.example;Fine Author",
  "Q3;Duplicate;Dup Author;dup@volume.example;Dup Author",
].join("\n");
const csv = (name: string, text: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(`\uFEFF${text}\n`) });

test("a whole volume: CSV preview with errors, issue, an author signs, bundle downloaded and checked", async ({
  page,
  browser,
}) => {
  await signInAsStaff(page);
  await page.getByRole("link", { name: "Proceedings", exact: true }).click();
  await page.getByRole("link", { name: "New volume" }).click();
  await page.getByLabel("Name", { exact: true }).fill("PMLR vol. 999, Journey 2026");
  await page.getByLabel("Short name").fill("v999");
  await page.getByLabel("Camera-ready deadline").fill("2026-12-31");
  await page.getByRole("button", { name: "Create volume" }).click();
  await expect(page.getByRole("heading", { name: "PMLR vol. 999, Journey 2026" })).toBeVisible();
  const boardUrl = page.url();

  // A broken file: every problem by line and column, nothing issued.
  await page.getByRole("link", { name: "Import papers (CSV)" }).click();
  await expectNoAxeViolations(page);
  await page.getByLabel("CSV file").setInputFiles(csv("broken.csv", BAD));
  await page.getByRole("button", { name: "Preview import" }).click();
  const problems = page.getByRole("table");
  await expect(problems).toContainText("2");
  await expect(problems.getByRole("row").filter({ hasText: "title" }).first()).toContainText("2");
  await expect(problems).toContainText("not-an-email");
  await expect(problems).toContainText(/Q3/);
  await expect(page.getByRole("status")).toContainText("1 row ready to issue");
  await expectNoAxeViolations(page);

  // A good file: preview, then issue all with a progress page.
  await page.getByLabel("CSV file").setInputFiles(csv("accepted.csv", GOOD));
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByRole("status")).toContainText("3 rows ready to issue; no problems found");
  await page.getByRole("button", { name: "Issue 3 agreements" }).click();
  await expect(page.getByRole("status")).toContainText("Done: 3 agreements issued", { timeout: 30_000 });
  await expect(page.getByRole("progressbar")).toHaveAttribute("value", "3");

  await page.goto(boardUrl);
  await expect(page.getByText("0 of 3 signed")).toBeVisible();
  await expect(page.getByRole("cell", { name: '=HYPERLINK("http://evil")' })).toBeVisible();

  // Re-running the same file issues nothing twice.
  await page.getByRole("link", { name: "Import papers (CSV)" }).click();
  await page.getByLabel("CSV file").setInputFiles(csv("accepted-again.csv", GOOD));
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByRole("status")).toContainText("0 rows ready to issue");
  await expect(page.getByText(/3 are unchanged/)).toBeVisible();

  // The author of P1 signs from the invitation.
  const invitation = await waitForEmail("ada@volume.example", /publication agreement/);
  const author = await (await browser.newContext()).newPage();
  await author.goto(firstUrl(invitation.text.slice(invitation.text.indexOf("Sign the agreement:"))));
  await author.getByLabel("Type your full name to sign").fill("Ada Lovelace");
  await author.getByLabel("I have read and agree fully with the terms of this agreement").check();
  await author.getByRole("button", { name: "Sign agreement" }).click();
  await expect(author.getByRole("status")).toContainText("Signed.");

  // Staff void P3; its author's link now says the agreement was withdrawn.
  await page.goto(boardUrl);
  await page.getByRole("link", { name: '=HYPERLINK("http://evil")' }).click();
  await page.getByLabel("Reason for voiding").fill("Paper withdrawn by the authors.");
  await page.getByRole("button", { name: "Void agreement" }).click();
  await expect(page.getByText(/^Voided .* UTC: Paper withdrawn by the authors\.$/)).toBeVisible();
  const p3 = await waitForEmail("alan@volume.example", /publication agreement/);
  const withdrawn = await author.goto(firstUrl(p3.text.slice(p3.text.indexOf("Sign the agreement:"))));
  expect(withdrawn?.status()).toBe(410);
  await expect(author.getByRole("heading", { name: "This agreement has been withdrawn" })).toBeVisible();

  // The permissions bundle: P1's sealed PDF, a manifest, and the papers still missing.
  let files: Record<string, Uint8Array> = {};
  await expect
    .poll(
      async () => {
        const response = await page.request.get(`${boardUrl}/bundle`);
        files = unzipSync(new Uint8Array(await response.body()));
        return Object.keys(files).sort();
      },
      { timeout: 30_000 },
    )
    .toEqual(["P1Permission.pdf", "manifest.csv", "missing.csv"]);
  const manifest = strFromU8(files["manifest.csv"]);
  expect(manifest).toContain(createHash("sha256").update(files["P1Permission.pdf"]).digest("hex"));
  expect(manifest).toContain("Learning to Sign");
  const missing = strFromU8(files["missing.csv"]);
  expect(missing).toContain("P2");
  expect(missing).toContain(`"'=HYPERLINK(""http://evil"")"`);
});
