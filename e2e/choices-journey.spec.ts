import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test, expect } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { expectNoAxeViolations } from "./accessibility";
import { withDatabase } from "./form-replay";
import { firstUrl, waitForEmail } from "./mailbox";
import { signInAsStaff } from "./staff-session";
import { waitForSealedDownload } from "./sealing";

const VOLUME = "ACM Transactions on Choices, vol. 1";
const AUTHOR = { name: "Ada Lovelace", email: "ada.choices@example.org" };
const TITLE = "Notes on the Analytical Engine";
const NC_CLAUSE =
  "The Author grants the Publisher a licence to publish the article under the Creative Commons " +
  "Attribution-NonCommercial 4.0 International licence (CC BY-NC 4.0).";
const CHOICES = [
  {
    key: "licence",
    question: "Under which licence will the article be published?",
    options: [
      {
        value: "cc-by-4.0",
        label: "CC BY 4.0",
        clause:
          "The Author grants the Publisher a licence to publish the article under the Creative Commons " +
          "Attribution 4.0 International licence (CC BY 4.0).",
        notice: "",
      },
      { value: "cc-by-nc-4.0", label: "CC BY-NC 4.0", clause: NC_CLAUSE, notice: "" },
      {
        value: "exclusive",
        label: "Exclusive licence to publish",
        clause: "The Author grants the Publisher the exclusive licence to publish the article.",
        notice: "",
      },
    ],
  },
  {
    key: "third_party",
    question: "Does the article contain third-party material?",
    options: [
      { value: "none", label: "No", clause: "The article contains no third-party material.", notice: "" },
      {
        value: "permission",
        label: "Yes, permission obtained",
        clause: "The Author has obtained permission to reproduce the third-party material.",
        notice: "",
        detail: { label: "Which material, from whom", maxLength: 200 },
      },
    ],
  },
];
const BODY = [
  "LICENCE TO PUBLISH",
  "{{article_title}}",
  "1. The Author warrants that the article is original.",
  "{{choice:licence}}",
  "2. The Author keeps the copyright.",
  "{{choice:third_party}}",
  "I HAVE READ AND AGREE FULLY WITH THE TERMS OF THIS AGREEMENT.",
].join("\n");

// Until the staff pages save templates, the template is stored behind the app's back, the way
// test/template-fixtures.ts does, and the volume is set to use it.
test.beforeAll(async () => {
  await withDatabase(async (db) => {
    await db.query(`INSERT INTO "Template" (key, name) VALUES ('e2e-choices', 'E2E licence to publish')`);
    await db.query(
      `INSERT INTO "TemplateVersion" (id, key, version, body, sha256, choices, notice)
       VALUES ('e2e-choices-v1', 'e2e-choices', 1, $1, encode(sha256(convert_to($1, 'UTF8')), 'hex'), $2, '')`,
      [BODY, JSON.stringify(CHOICES)],
    );
    await db.query(
      `INSERT INTO "Proceedings" (id, name, "templateKey") VALUES ('e2e-choices-volume', $1, 'e2e-choices')`,
      [VOLUME],
    );
  });
});

test("the author picks CC BY-NC where the agreement asks, signs, and the PDF and the CSV export carry the choice", async ({
  page,
  browser,
}, testInfo) => {
  await signInAsStaff(page);
  await page.getByRole("link", { name: "Issue agreement" }).first().click();
  // The issue page, not the staff home still showing: its volumes (another journey's "Proceedings
  // of …") are labelled regions that getByLabel("Proceedings") would find first.
  await expect(page.getByRole("heading", { name: "Issue a publication agreement" })).toBeVisible();
  await page.getByLabel("Proceedings").fill(VOLUME);
  await page.getByLabel("Article title").fill(TITLE);
  await page.getByLabel("Corresponding author", { exact: true }).fill(AUTHOR.name);
  await page.getByLabel("Corresponding author email").fill(AUTHOR.email);
  await page.getByLabel("All authors").fill(AUTHOR.name);
  await page.getByRole("button", { name: "Issue agreement" }).click();
  await expect(page.getByText(`The invitation to ${AUTHOR.email} is on its way.`)).toBeVisible();
  const agreementUrl = page.url();
  const invitation = await waitForEmail(AUTHOR.email, /publication agreement/);
  const signingUrl = firstUrl(invitation.text.slice(invitation.text.indexOf("Sign the agreement:")));

  // Without JavaScript: a signature missing an answer is refused per question, keeping what was typed.
  const plainContext = await browser.newContext({ javaScriptEnabled: false });
  const plain = await plainContext.newPage();
  await plain.goto(signingUrl);
  await plain.getByLabel("CC BY-NC 4.0").check();
  await plain.getByLabel("Type your full name to sign").fill(AUTHOR.name);
  await plain.getByLabel("I have read and agree fully with the terms of this agreement").check();
  await plain.getByRole("button", { name: "Sign agreement" }).click();
  await expect(plain.getByText("One answer in the agreement above needs your attention")).toBeVisible();
  const thirdParty = plain.getByRole("group", { name: "Does the article contain third-party material?" });
  await expect(thirdParty).toContainText("Choose an answer to “Does the article contain third-party material?”.");
  await expect(plain.getByLabel("CC BY-NC 4.0")).toBeChecked();
  await expect(plain.getByLabel("Type your full name to sign")).toHaveValue(AUTHOR.name);
  await plainContext.close();

  // With JavaScript: each question stands where the text asks it, with each option's clause.
  const authorContext = await browser.newContext({ acceptDownloads: true });
  const author = await authorContext.newPage();
  await author.goto(signingUrl);
  const licence = author.getByRole("group", { name: "Under which licence will the article be published?" });
  await expect(licence).toContainText(NC_CLAUSE);
  await expect(licence).toContainText("exclusive licence to publish the article");
  const text = await author.locator("article.agreement-text").innerText();
  expect(text.indexOf("1. The Author warrants")).toBeLessThan(text.indexOf("Under which licence"));
  expect(text.indexOf("Under which licence")).toBeLessThan(text.indexOf("The Author keeps the copyright"));
  expect(text).not.toContain("{{choice:");
  await expectNoAxeViolations(author);

  await author.getByLabel("Yes, permission obtained").check();
  await author.getByLabel("Type your full name to sign").fill(AUTHOR.name);
  await author.getByLabel("I have read and agree fully with the terms of this agreement").check();
  await author.getByRole("button", { name: "Sign agreement" }).click();
  await expect(
    author.getByText("Choose an answer to “Under which licence will the article be published?”."),
  ).toBeVisible();
  await expect(
    author.getByText("You chose “Yes, permission obtained”: fill in “Which material, from whom”."),
  ).toBeVisible();
  await expect(author.getByLabel("Which material, from whom")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(author);

  await author.getByLabel("CC BY-NC 4.0").check();
  await author.getByLabel("Which material, from whom").fill("Figure 3, from Babbage (1837)");
  await author.getByLabel("I have read and agree fully with the terms of this agreement").check();
  await author.getByRole("button", { name: "Sign agreement" }).click();
  await expect(author.getByRole("status").first()).toContainText("Signed.");
  await expect(author.getByRole("region", { name: "Your choices in this agreement" })).toContainText("CC BY-NC 4.0");
  await expect(author.locator("article.agreement-text")).toContainText(NC_CLAUSE);

  // The sealed PDF holds the chosen clause, not the others, and its certificate lists the answers.
  await page.goto(agreementUrl);
  await waitForSealedDownload(page);
  await author.reload();
  const [download] = await Promise.all([
    author.waitForEvent("download"),
    author.getByRole("link", { name: "Download signed PDF" }).click(),
  ]);
  const pdfPath = testInfo.outputPath("signed.pdf");
  await download.saveAs(pdfPath);
  const pdf = execFileSync("pdftotext", [pdfPath, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  expect(pdf).toContain(NC_CLAUSE);
  expect(pdf).not.toContain("(CC BY 4.0)");
  expect(pdf).toContain("Under which licence will the article be published? CC BY-NC 4.0");
  expect(pdf).toContain("Yes, permission obtained — Figure 3, from Babbage (1837)");
  await authorContext.close();

  // Staff: the agreement page shows the answers; the list filters by them; the CSV carries them.
  await expect(page.getByRole("region", { name: "The author’s choices" })).toContainText("CC BY-NC 4.0");
  await expect(page.getByRole("region", { name: "Timeline" })).toContainText(
    "choices: CC BY-NC 4.0, Yes, permission obtained — Figure 3, from Babbage (1837)",
  );
  await expect(page.getByRole("region", { name: "The agreement as signed" })).toContainText(NC_CLAUSE);
  await page.goto("/staff/agreements");
  await page.getByLabel("Author’s choice").selectOption("licence:cc-by-nc-4.0");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/choice=licence%3Acc-by-nc-4.0/);
  await expect(page.getByRole("status").filter({ hasText: "match" })).toContainText("1 agreement matches");
  await expect(page.getByRole("link", { name: TITLE })).toBeVisible();
  await expectNoAxeViolations(page);
  const [csvDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const csvPath = testInfo.outputPath("agreements.csv");
  await csvDownload.saveAs(csvPath);
  const rows = parse(readFileSync(csvPath), { bom: true, columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    title: TITLE,
    choice_licence_value: "cc-by-nc-4.0",
    choice_licence_label: "CC BY-NC 4.0",
    choice_third_party_value: "permission",
    choice_third_party_detail: "Figure 3, from Babbage (1837)",
  });
});
