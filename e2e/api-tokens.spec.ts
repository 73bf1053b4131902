import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./accessibility";
import { withDatabase } from "./form-replay";
import { ADMIN, signInAsStaff } from "./staff-session";

const PUBLISHER = "publisher.tokens@imprimatur.test";
const AUDITOR = "auditor.tokens@imprimatur.test";

test.beforeAll(async () => {
  await withDatabase((db) =>
    db.query(
      `INSERT INTO "User" (id, email, role) VALUES ('tokens-publisher', $1, 'publisher'), ('tokens-auditor', $2, 'auditor')
       ON CONFLICT (email) DO NOTHING`,
      [PUBLISHER, AUDITOR],
    ),
  );
});

test("an admin creates a token, sees its secret once, uses it, and revokes it", async ({ page, request }) => {
  await signInAsStaff(page, ADMIN);
  await page.locator(".nav-bar summary", { hasText: "Settings" }).click();
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Name").fill("Journey OpenReview sync");
  await page.getByLabel("Role").selectOption("publisher");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("status")).toContainText(
    'Token "Journey OpenReview sync" created with the publisher role.',
  );
  await expect(page.getByText("Copy the token now.")).toBeVisible();
  const secret = (await page.getByTestId("api-token-secret").textContent())!;
  expect(secret).toMatch(/^imp_[A-Za-z0-9_-]{43}$/);
  await expectNoAxeViolations(page);
  const row = page.getByRole("row", { name: /Journey OpenReview sync/ });
  await expect(row).toContainText("publisher");
  await expect(row).toContainText(ADMIN);
  await expect(row).toContainText("active");

  // Shown once: the page, loaded again, has no trace of it.
  await page.reload();
  expect(await page.content()).not.toContain(secret);
  await expect(page.getByTestId("api-token-secret")).toHaveCount(0);

  // The token works against the API, which notes when it was last used.
  const templates = await request.get("/api/v1/templates", { headers: { Authorization: `Bearer ${secret}` } });
  expect(templates.status()).toBe(200);
  expect((await templates.json()).templates[0]).toMatchObject({ builtIn: true });
  await page.reload();
  await expect(page.getByRole("row", { name: /Journey OpenReview sync/ })).toContainText(/UTC\s*active/);

  await page.getByRole("form", { name: "Revoke the token Journey OpenReview sync" }).getByRole("button").click();
  await expect(page.getByRole("status")).toContainText('"Journey OpenReview sync" is revoked');
  await page.reload();
  await expect(page.getByRole("row", { name: /Journey OpenReview sync/ })).toContainText("revoked");
  const stored = await withDatabase(async (db) => {
    const { rows } = await db.query(`SELECT * FROM "ApiToken" WHERE name = 'Journey OpenReview sync'`);
    return rows[0] as Record<string, unknown>;
  });
  expect(JSON.stringify(stored)).not.toContain(secret.slice(4));
  expect(stored.revokedAt).toBeInstanceOf(Date);
  expect(stored.lastUsedAt).toBeInstanceOf(Date);
  const refused = await request.get("/api/v1/templates", { headers: { Authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
  expect((await refused.json()).detail).toMatch(/was revoked on/);
});

test("a publisher cannot create an admin token, even by tampering with the form", async ({ page }) => {
  await signInAsStaff(page, PUBLISHER);
  await page.goto("/staff/api-tokens");
  const role = page.getByLabel("Role");
  await expect(role.locator("option")).toHaveText([/^Publisher/, /^Auditor/]);
  // The browser offers no admin option; one added by hand is refused by the server, at the field.
  await role.evaluate((select: HTMLSelectElement) => {
    select.add(new Option("Admin", "admin"));
    select.value = "admin";
  });
  await page.getByLabel("Name").fill("Tampered admin token");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("As a publisher you can create tokens up to the publisher role.")).toBeVisible();
  await expect(page.getByTestId("api-token-secret")).toHaveCount(0);
  expect(
    await withDatabase(
      async (db) => (await db.query(`SELECT 1 FROM "ApiToken" WHERE name = 'Tampered admin token'`)).rowCount,
    ),
  ).toBe(0);
  // The publisher sees only their own tokens, not the admin's.
  await expect(page.getByRole("row", { name: /Journey OpenReview sync/ })).toHaveCount(0);
});

test("an auditor has no tokens page", async ({ page }) => {
  await signInAsStaff(page, AUDITOR);
  await expect(page.getByRole("link", { name: "API tokens" })).toHaveCount(0);
  const response = await page.goto("/staff/api-tokens");
  expect(response?.status()).toBe(403);
});
