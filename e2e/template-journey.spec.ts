import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./accessibility";
import { withDatabase } from "./form-replay";
import { signInAsStaff } from "./staff-session";

const AUDITOR = "auditor.templates@imprimatur.test";
const VOLUME = "Journey Workshop on Agreement Templates 2026";
const CHOICES = `- key: licence
  question: Under which licence will the article be published?
  options:
    - value: cc-by-4.0
      label: Creative Commons Attribution 4.0
      clause: You grant the public a *Creative Commons Attribution 4.0* licence in {{article_title}}.
      notice: Published under CC BY 4.0.
    - value: exclusive
      label: Exclusive licence to publish
      clause: You grant {{publisher}} an exclusive licence to publish {{article_title}}.
      notice: Licensed exclusively to {{publisher}}.
`;
const BODY_WITH_MISTAKE = [
  "# Journey Rights Form",
  "",
  "This form concerns {{titel}} by {{authors}}.",
  "",
  "## Grant",
  "",
  "1. You warrant that you sign for all authors.",
  "{{choice:licence}}",
].join("\n");

test.beforeAll(async () => {
  await withDatabase((db) =>
    db.query(
      `INSERT INTO "User" (id, email, role) VALUES ('templates-auditor', $1, 'auditor') ON CONFLICT DO NOTHING`,
      [AUDITOR],
    ),
  );
});

test("a template with choices: preview, a refused line fixed, version 2 with a diff, a volume issues on it", async ({
  page,
  browser,
}) => {
  await signInAsStaff(page);
  await page.getByRole("link", { name: "Templates", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Agreement templates" })).toBeVisible();
  await expect(page.getByRole("link", { name: "PMLR publication agreement" })).toBeVisible();
  await page.getByRole("link", { name: "New template" }).click();

  await page.getByLabel("Key").fill("journey-form");
  await page.getByLabel("Name").fill("Journey rights form");
  await page.getByLabel("Agreement text").fill(BODY_WITH_MISTAKE);
  await page.getByLabel("Camera-ready notice").fill("© {{year}} {{authors}}. {{choice:licence}}");
  await page.getByLabel("The author's choices (YAML)").fill(CHOICES);

  // The live preview: the signing page's rendering of the sample paper, the first option chosen.
  const preview = page.getByTestId("template-preview");
  await expect(preview.getByRole("heading", { name: "Journey Rights Form" })).toBeVisible();
  await expect(preview.getByRole("heading", { name: "Grant" })).toBeVisible();
  await expect(preview.locator("em", { hasText: "Creative Commons Attribution 4.0" })).toBeVisible();
  await expect(preview).toContainText("licence in Learning to Sign: A Sample Article for Previewing Agreements.");
  await expect(page.getByTestId("preview-problems")).toContainText("Line 3, column 20: {{titel}} is not a placeholder");
  await expectNoAxeViolations(page);

  // Saving refuses the mistake by its line, and keeps everything typed.
  await page.getByRole("button", { name: "Create template" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Nothing was saved" })).toBeVisible();
  await expect(page.locator("#field-body-error")).toContainText("Line 3, column 20: {{titel}} is not a placeholder.");
  await expect(page.getByLabel("Agreement text")).toHaveValue(BODY_WITH_MISTAKE);
  await expect(page.getByLabel("The author's choices (YAML)")).toHaveValue(CHOICES);

  const fixed = BODY_WITH_MISTAKE.replace("{{titel}}", "{{article_title}}");
  await page.getByLabel("Agreement text").fill(fixed);
  await page.getByRole("button", { name: "Create template" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved as version 1.");
  await expect(page.getByRole("heading", { level: 1, name: "Journey rights form", exact: true })).toBeVisible();

  // The PDF preview: the same text set by the PDF renderer.
  const pdf = await page.request.post("/staff/templates/preview.pdf", {
    multipart: {
      key: "journey-form",
      name: "x",
      language: "en",
      signers: "corresponding_author",
      body: fixed,
      notice: "",
      choices: CHOICES,
    },
  });
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // Editing stores version 2; the page shows what changed.
  await page.getByRole("link", { name: "Edit (saves version 2)" }).click();
  await page
    .getByLabel("Agreement text")
    .fill(fixed.replace("you sign for all authors", "you sign on behalf of all authors"));
  await page.getByRole("button", { name: "Save as version 2" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved as version 2.");
  await expect(page.getByRole("heading", { name: "Changes from version 1 to version 2" })).toBeVisible();
  const diff = page.getByTestId("template-diff");
  await expect(diff.locator("del")).toContainText("- 1. You warrant that you sign for all authors.");
  await expect(diff.locator("ins")).toContainText("+ 1. You warrant that you sign on behalf of all authors.");
  await expectNoAxeViolations(page);

  // A volume picks it; the issue form and the CSV import say which version they will use.
  await page.goto("/staff/proceedings/new");
  await page.getByLabel("Name", { exact: true }).fill(VOLUME);
  await page.getByLabel("Agreement template").selectOption({ label: "Journey rights form (newest: version 2)" });
  await page.getByRole("button", { name: "Create volume" }).click();
  await expect(page.getByRole("heading", { name: VOLUME })).toBeVisible();
  await expect(page.getByText("template Journey rights form, version 2")).toBeVisible();
  await page.getByRole("link", { name: "Import papers (CSV)" }).click();
  await expect(page.getByTestId("import-template")).toContainText("Journey rights form, version 2");

  await page.goto("/staff/agreements/new");
  await expect(page.getByTestId("issue-template")).toContainText("PMLR publication agreement, version 1 (the default)");
  await page.getByLabel("Proceedings").fill(VOLUME);
  await expect(page.getByTestId("issue-template")).toContainText("Journey rights form, version 2");
  await page.getByLabel("Article title").fill("Templates All the Way Down");
  await page.getByLabel("Corresponding author", { exact: true }).fill("Ada Lovelace");
  await page.getByLabel("Corresponding author email").fill("ada.templates@example.org");
  await page.getByLabel("All authors").fill("Ada Lovelace\nCharles Babbage");
  await page.getByRole("button", { name: "Issue agreement" }).click();
  await expect(page.getByText("The invitation to ada.templates@example.org is on its way.")).toBeVisible();
  await expect(page.getByTestId("agreement-template")).toHaveText("Journey rights form, version 2 (journey-form)");
  await expect(
    page.getByText("This form concerns Templates All the Way Down by Ada Lovelace and Charles Babbage."),
  ).toBeVisible();

  // Only admins and publishers manage templates.
  const auditor = await browser.newContext();
  const auditorPage = await auditor.newPage();
  await signInAsStaff(auditorPage, AUDITOR);
  await expect(auditorPage.getByRole("link", { name: "Templates", exact: true })).toHaveCount(0);
  for (const path of [
    "/staff/templates",
    "/staff/templates/new",
    "/staff/templates/journey-form",
    "/staff/templates/export",
  ])
    expect((await auditor.request.get(path)).status(), path).toBe(403);
  const refused = await auditor.request.post("/staff/templates/preview", { multipart: { body: "x" } });
  expect(refused.status()).toBe(403);
  await auditor.close();
});
