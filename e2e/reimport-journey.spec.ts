import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./accessibility";
import { emailsTo, firstUrl, waitForEmail } from "./mailbox";
import { signInAsStaff } from "./staff-session";

const HEADER = "paper_id,title,corresponding_author,corresponding_email,authors";
const FIRST = [
  HEADER,
  "R1,Sparse Signals,Ada Lovelace,ada@reimport.example,Ada Lovelace",
  'R2,Dense Signals,Grace Hopper,grace@reimport.example,"Grace Hopper; R&D 100% Team"',
  "R3,Loud Signals,Alan Turing,alan@reimport.example,Alan Turing",
].join("\n");
// R1 and R2 (already signed) renamed; R3 as before.
const SECOND = [
  HEADER,
  "R1,Sparse Signals Revisited,Ada Lovelace,ada@reimport.example,Ada Lovelace",
  'R2,Dense Signals at Scale,Grace Hopper,grace@reimport.example,"Grace Hopper; R&D 100% Team"',
  "R3,Loud Signals,Alan Turing,alan@reimport.example,Alan Turing",
].join("\n");
const csv = (name: string, text: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(`${text}\n`) });
const INVITATION = /Please sign the publication agreement/;

test("a changed-title re-import reissues exactly the changed papers, signed ones included", async ({
  page,
  browser,
}) => {
  await signInAsStaff(page);
  await page.getByRole("link", { name: "Proceedings", exact: true }).click();
  await page.getByRole("link", { name: "New volume" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Re-import Journey 2026");
  await page.getByRole("button", { name: "Create volume" }).click();
  await expect(page.getByRole("heading", { name: "Re-import Journey 2026" })).toBeVisible();
  const boardUrl = page.url();

  await page.getByRole("link", { name: "Import papers (CSV)" }).click();
  await page.getByLabel("CSV file").setInputFiles(csv("accepted.csv", FIRST));
  await page.getByRole("button", { name: "Preview import" }).click();
  await page.getByRole("button", { name: "Issue 3 agreements" }).click();
  await expect(page.getByRole("status")).toContainText("Done: 3 agreements issued", { timeout: 30_000 });

  // R2's author signs and finds the notice for the camera-ready paper on the page.
  const invitation = await waitForEmail("grace@reimport.example", INVITATION);
  const author = await (await browser.newContext()).newPage();
  await author.goto(firstUrl(invitation.text.slice(invitation.text.indexOf("Sign the agreement:"))));
  await author.getByLabel("Type your full name to sign").fill("Grace Hopper");
  await author.getByLabel("I have read and agree fully with the terms of this agreement").check();
  await author.getByRole("button", { name: "Sign agreement" }).click();
  await expect(author.getByRole("status")).toContainText("Signed.");
  const year = new Date().getUTCFullYear();
  const notice = author.getByRole("region", { name: "Notice for your camera-ready paper" });
  await expect(notice.locator("#notice-text")).toHaveText(
    `© ${year} Grace Hopper and R&D 100% Team. ` +
      "Published under a Creative Commons Attribution 4.0 International licence.",
  );
  await expect(notice.locator("#notice-latex")).toContainText(
    `\\textcopyright{} ${year} Grace Hopper and R\\&D 100\\% Team. Published under a Creative Commons`,
  );
  await expectNoAxeViolations(author);

  // The volume's notices as LaTeX: one \newcommand for the one signed paper.
  const tex = await page.request.get(`${boardUrl}/notices.tex`);
  expect(tex.status()).toBe(200);
  const before = await tex.text();
  expect(before.split("\n").filter((line) => line.startsWith("\\newcommand"))).toEqual([
    `\\newcommand{\\imprimaturNoticeRTwo}{\\textcopyright{} ${year} Grace Hopper and R\\&D 100\\% Team. ` +
      "Published under a Creative Commons Attribution 4.0 International licence.}",
  ]);

  // The re-import: the preview names the two changed papers, old → new, and says R2 was signed.
  await page.goto(boardUrl);
  await page.getByRole("link", { name: "Import papers (CSV)" }).click();
  await page.getByLabel("CSV file").setInputFiles(csv("accepted-v2.csv", SECOND));
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByRole("status")).toContainText("2 rows ready to issue; no problems found");
  await expect(page.getByText(/1 is unchanged .* and 2 changed/)).toBeVisible();
  const changed = page.getByRole("table", { name: /Changed papers \(2/ });
  await expect(changed.locator("[data-changed-paper=R1]")).toContainText(
    "Title: “Sparse Signals” → “Sparse Signals Revisited”",
  );
  await expect(changed.locator("[data-changed-paper=R2]")).toContainText("already signed");
  await expect(changed.locator("[data-changed-paper=R3]")).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Issue 2 agreements" }).click();
  await expect(page.getByRole("status")).toContainText(
    "Done: 2 agreements issued (2 of them reissued for changed papers)",
    {
      timeout: 30_000,
    },
  );

  // Exactly the changed papers' authors get a new invitation, saying why; R3's author does not.
  const reissued = await waitForEmail("ada@reimport.example", INVITATION, 1);
  expect(reissued.text).toContain("The paper's title changed from “Sparse Signals” to “Sparse Signals Revisited”.");
  expect((await waitForEmail("grace@reimport.example", INVITATION, 1)).text).toContain(
    "from “Dense Signals” to “Dense Signals at Scale”",
  );
  expect(await emailsTo("alan@reimport.example", INVITATION)).toHaveLength(1);

  // Ada's first link is withdrawn; the new one opens the agreement with the new title.
  const oldLink = await author.goto(
    firstUrl((await emailsTo("ada@reimport.example", INVITATION))[0].text.split("Sign the agreement:")[1]),
  );
  expect(oldLink?.status()).toBe(410);
  await author.goto(firstUrl(reissued.text.slice(reissued.text.indexOf("Sign the agreement:"))));
  await expect(
    author.getByRole("heading", { name: "Publication agreement for “Sparse Signals Revisited”" }),
  ).toBeVisible();

  // R2 must be signed again: until then the volume has no notice for it.
  const after = await (await page.request.get(`${boardUrl}/notices.tex`)).text();
  expect(after.split("\n").filter((line) => line.startsWith("\\newcommand"))).toEqual([]);

  // The same file once more issues nothing.
  await page.goto(`${boardUrl}/import`);
  await page.getByLabel("CSV file").setInputFiles(csv("accepted-v2-again.csv", SECOND));
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByRole("status")).toContainText("0 rows ready to issue");
  await expect(page.getByText(/3 are unchanged .* and 0 changed/)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Issue/ })).toHaveCount(0);
});
