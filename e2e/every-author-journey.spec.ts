import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test, expect, type Browser } from "@playwright/test";
import { withDatabase } from "./form-replay";
import { firstUrl, waitForEmail } from "./mailbox";
import { signInAsStaff } from "./staff-session";
import { waitForSealedDownload } from "./sealing";

const VOLUME = "Every-author Journal vol. 1";
const TITLE = "Three Hands on One Engine";
const AUTHORS = [
  { name: "Ada Lovelace", email: "ada.every@example.org" },
  { name: "Charles Babbage", email: "charles.every@example.org" },
  { name: "Mary Somerville", email: "mary.every@example.org" },
];

/**
 * Until the staff pages can save templates, the every-author template is stored as the tests'
 * storeTestTemplateVersion does: a version whose signers rule is every_author, picked by the volume.
 */
async function everyAuthorVolume() {
  const body = readFileSync("lib/agreements/templates/pmlr-publication-agreement.template.txt", "utf8");
  const sha256 = createHash("sha256").update(body).digest("hex");
  await withDatabase(async (db) => {
    await db.query(`INSERT INTO "Template" (key, name) VALUES ('every-author-e2e', 'Every author signs')`);
    await db.query(
      `INSERT INTO "TemplateVersion" (id, key, version, body, sha256, signers)
       VALUES ('every-author-e2e-v1', 'every-author-e2e', 1, $1, $2, 'every_author')`,
      [body, sha256],
    );
    await db.query(
      `INSERT INTO "Proceedings" (id, name, "templateKey") VALUES ('every-author-e2e-volume', $1, 'every-author-e2e')`,
      [VOLUME],
    );
  });
}

async function signAs(browser: Browser, author: (typeof AUTHORS)[number], signedSoFar: number) {
  const invitation = await waitForEmail(author.email, /publication agreement/);
  expect(invitation.text).toContain(`Dear ${author.name},`);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(firstUrl(invitation.text.slice(invitation.text.indexOf("Sign the agreement:"))));
  const panel = page.getByTestId("signer-panel");
  await expect(panel).toContainText(`You are signing as ${author.name} (${author.email})`);
  await expect(panel.getByRole("heading")).toHaveText(`Signatures: ${signedSoFar} of 3`);
  await page.getByLabel("Type your full name to sign").fill(author.name);
  await page.getByLabel("I have read and agree fully with the terms of this agreement").check();
  await page.getByRole("button", { name: "Sign agreement" }).click();
  await expect(panel.getByRole("heading")).toHaveText(`Signatures: ${signedSoFar + 1} of 3`);
  await expect(page.getByRole("button", { name: "Sign agreement" })).toHaveCount(0);
  return { page, context };
}

test("an every-author agreement with three authors completes only after the third signature", async ({
  page,
  browser,
}, testInfo) => {
  await everyAuthorVolume();
  await signInAsStaff(page);
  await page.getByRole("link", { name: "Issue agreement" }).first().click();
  // The issue page, not the staff home still showing: its volumes (another journey's "Proceedings
  // of …") are labelled regions that getByLabel("Proceedings") would find first.
  await expect(page.getByRole("heading", { name: "Issue a publication agreement" })).toBeVisible();
  await page.getByLabel("Proceedings").fill(VOLUME);
  await page.getByLabel("Article title").fill(TITLE);
  await page.getByLabel("Corresponding author", { exact: true }).fill(AUTHORS[0].name);
  await page.getByLabel("Corresponding author email").fill(AUTHORS[0].email);
  await page.getByLabel("All authors").fill(AUTHORS.map((author) => `${author.name} <${author.email}>`).join("\n"));
  await page.getByRole("button", { name: "Issue agreement" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  const agreementUrl = page.url();
  await expect(page.getByRole("heading", { name: "Signers: 0 of 3 signed" })).toBeVisible();

  const first = await signAs(browser, AUTHORS[1], 0);
  await expect(first.page.getByRole("status")).toContainText("complete once every author has signed");
  const second = await signAs(browser, AUTHORS[0], 1);
  await page.goto(agreementUrl);
  await expect(page.getByRole("heading", { name: "Signers: 2 of 3 signed" })).toBeVisible();
  const status = page.getByRole("region", { name: "Record" }).getByRole("definition").first();
  await expect(status).toHaveText("Viewed");

  const last = await signAs(browser, AUTHORS[2], 2);
  await expect(last.page.getByRole("status")).toContainText("Signed by every author.");
  await page.goto(agreementUrl);
  await expect(page.getByRole("heading", { name: "Signers: 3 of 3 signed" })).toBeVisible();
  await expect(status).toHaveText("Signed");

  // The earlier signers' pages now show the agreement complete too.
  await second.page.reload();
  await expect(second.page.getByRole("status")).toContainText("Signed by every author.");

  // Sealing runs in the background (until then the link answers "being sealed").
  await waitForSealedDownload(page);
  const [download] = await Promise.all([
    last.page.waitForEvent("download"),
    last.page.getByRole("link", { name: "Download signed PDF" }).click(),
  ]);
  const pdfPath = testInfo.outputPath("signed.pdf");
  await download.saveAs(pdfPath);
  const text = execFileSync("pdftotext", ["-layout", pdfPath, "-"], { encoding: "utf8" });
  const lines = text.split("\n").filter((line) => /Signer \d/.test(line));
  expect(lines).toHaveLength(3);
  for (const [index, author] of [AUTHORS[0], AUTHORS[1], AUTHORS[2]].entries())
    expect(lines[index]).toContain(`${author.name} · ${author.email}`);

  // The co-authors are told, once each; the corresponding author gets the signed copy instead.
  for (const author of AUTHORS.slice(1)) {
    const notice = await waitForEmail(author.email, /has been signed/);
    expect(notice.text).toContain("Every author has now signed");
  }
  for (const opened of [first, second, last]) await opened.context.close();
});
