import { expect, test, type Page } from "@playwright/test";
import { withDatabase } from "./form-replay";
import { signInAsStaff } from "./staff-session";

// Screenshots of the staff home and a volume's page at 1280 px and 390 px, with a realistic volume:
// SCREENSHOTS=1 E2E_PORT_OFFSET=50 npx playwright test e2e/staff-home-screenshots.spec.ts
// The PNGs go to test-results/screenshots/ (not committed). Skipped unless SCREENSHOTS is set.
test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to save the staff home's screenshots");

const DAY_MS = 86_400_000;
const FAMILY = ["Okafor", "Lovelace", "Zhang", "García", "Nakamura", "Schmidt", "Haddad", "Novak", "Rossi", "Kim"];
const GIVEN = ["Amara", "Ada", "Haoyang", "Lucía", "Yuki", "Jonas", "Layla", "Petra", "Marco", "Seo-yeon"];
const TOPICS = [
  "Sparse attention",
  "Causal discovery",
  "Bayesian optimisation",
  "Federated learning",
  "Graph networks",
];

async function volumeWithPapers(page: Page, name: string, deadlineInDays: number, papers: number) {
  await page.goto("/staff/proceedings/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  const deadline = new Date(Date.now() + deadlineInDays * DAY_MS).toISOString().slice(0, 10);
  await page.getByLabel("Camera-ready deadline").fill(deadline);
  await page.getByRole("button", { name: "Create volume" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const volumeUrl = page.url();
  const rows = Array.from({ length: papers }, (_, i) => {
    const author = `${GIVEN[i % 10]} ${FAMILY[(i * 3) % 10]}`;
    const title = `${TOPICS[i % 5]} for ${["robust", "scalable", "private", "fair"][i % 4]} learning, part ${i + 1}`;
    const email = `author${i}@${name.replace(/\W+/g, "").toLowerCase()}.example`;
    return `P${i + 1};${title};${author};${email};${author}`;
  });
  await page.getByRole("link", { name: "Import papers (CSV)" }).click();
  const csv = ["paper_id;title;corresponding_author;corresponding_email;authors", ...rows].join("\n");
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "papers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Preview import" }).click();
  await page.getByRole("button", { name: `Issue ${papers} agreements` }).click();
  await expect(page.getByRole("status")).toContainText(`Done: ${papers} agreements issued`, { timeout: 60_000 });
  return volumeUrl;
}

/** Spreads the volume's answers over the last days, as three weeks of real signing would. */
async function answersOverTime(name: string, signed: number, viewed: number, declined: number) {
  await withDatabase(async (db) => {
    await db.query(
      `WITH v AS (SELECT a.id, row_number() OVER (ORDER BY a."paperId") AS n FROM "Agreement" a
                  JOIN "Proceedings" p ON p.id = a."proceedingsId" WHERE p.name = $1)
       UPDATE "Agreement" a SET "issuedAt" = now() - interval '20 days',
         status = (CASE WHEN v.n <= $2 THEN 'signed' WHEN v.n <= $2 + $3 THEN 'viewed'
                        WHEN v.n <= $2 + $3 + $4 THEN 'declined' ELSE a.status::text END)::"AgreementStatus",
         "signedAt" = CASE WHEN v.n <= $2 THEN now() - make_interval(hours => (v.n * 397 % 430)::int) END,
         "signatureName" = CASE WHEN v.n <= $2 THEN a."correspondingAuthorName" END,
         "declinedAt" = CASE WHEN v.n > $2 + $3 AND v.n <= $2 + $3 + $4 THEN now() - interval '2 days' END
       FROM v WHERE v.id = a.id`,
      [name, signed, viewed, declined],
    );
  });
}

test("screenshots of the staff home and a volume's page at 1280 and 390 px", async ({ page }) => {
  test.setTimeout(300_000);
  await signInAsStaff(page);
  const volumeUrl = await volumeWithPapers(page, "PMLR vol. 301, ACML 2026", 12, 48);
  await answersOverTime("PMLR vol. 301, ACML 2026", 27, 9, 2);
  await volumeWithPapers(page, "TMLR special issue on robustness", 33, 14);
  await answersOverTime("TMLR special issue on robustness", 3, 4, 0);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/staff");
    await expect(page.getByRole("heading", { level: 1, name: "Staff home" })).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/staff-home-${width}.png`, fullPage: true });
    await page.goto(volumeUrl);
    await page.screenshot({ path: `test-results/screenshots/volume-${width}.png`, fullPage: true });
  }
});
