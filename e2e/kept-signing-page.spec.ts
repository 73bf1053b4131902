import { expect, test } from "@playwright/test";
import { withDatabase } from "./form-replay";
import { firstUrl, waitForEmail } from "./mailbox";
import { signInAsStaff } from "./staff-session";

// The front door answers a signing page opened again with the copy Next rendered before
// (lib/http/edge/signing-page-cache.ts). In a real browser that copy must still run its scripts
// under the response's nonce: each opening reports itself (one agreement.viewed event each), and
// the signature shows at once on the next opening.
test("a signing page opened again runs its scripts under its own nonce: every opening is recorded", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const author = { name: "Grace Hopper", email: "grace.hopper.kept@example.org" };
  await signInAsStaff(page);
  await page.goto("/staff/agreements/new");
  await page.getByLabel("Proceedings").fill("PMLR vol. 241, Kept pages 2026");
  await page.getByLabel("Article title").fill("Compilers for the kept page");
  await page.getByLabel("Corresponding author", { exact: true }).fill(author.name);
  await page.getByLabel("Corresponding author email").fill(author.email);
  await page.getByLabel("All authors").fill(author.name);
  await page.getByRole("button", { name: "Issue agreement" }).click();
  await expect(page.getByText(`The invitation to ${author.email} is on its way.`)).toBeVisible();
  const invitation = await waitForEmail(author.email, /publication agreement/);
  const signingUrl = firstUrl(invitation.text.slice(invitation.text.indexOf("Sign the agreement:")));

  const authorPage = await (await browser.newContext()).newPage();
  const violations: string[] = [];
  authorPage.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) violations.push(message.text());
  });
  const viewedEvents = () =>
    withDatabase(async (db) => {
      const { rows } = await db.query<{ count: string }>(
        `SELECT count(*) FROM "AuditEvent" e JOIN "Agreement" a ON a.id = e."agreementId"
         WHERE a."correspondingAuthorEmail" = $1 AND e.type = 'agreement.viewed'`,
        [author.email],
      );
      return Number(rows[0].count);
    });
  const nonces: string[] = [];
  for (let opening = 1; opening <= 3; opening++) {
    const response = await authorPage.goto(signingUrl);
    nonces.push(/'nonce-([^']+)'/.exec(response?.headers()["content-security-policy"] ?? "")?.[1] ?? "");
    await expect(authorPage.getByLabel("Type your full name to sign")).toBeVisible();
    await expect.poll(viewedEvents, { timeout: 15_000 }).toBe(opening);
  }
  expect(new Set(nonces).size).toBe(3);
  expect(violations).toEqual([]);

  await authorPage.getByLabel("Type your full name to sign").fill(author.name);
  await authorPage.getByLabel("I have read and agree fully with the terms of this agreement").check();
  await authorPage.getByRole("button", { name: "Sign agreement" }).click();
  await expect(authorPage.getByRole("status")).toContainText("Signed.");
  await authorPage.goto(signingUrl);
  await expect(authorPage.getByRole("status")).toContainText(`You signed this agreement as “${author.name}”`);
  await expect(authorPage.getByLabel("Type your full name to sign")).toHaveCount(0);
});
