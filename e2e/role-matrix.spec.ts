import { expect, test, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";
import { expectNoAxeViolations } from "./accessibility";
import { firstUrl, waitForEmail } from "./mailbox";
import { ADMIN, signInAsStaff } from "./staff-session";
import { hiddenFieldsOfForm, replayForm, withDatabase } from "./form-replay";

type Who = "admin" | "publisher" | "auditor" | "signedOut";
const PUBLISHER = "publisher.matrix@imprimatur.test";
const AUDITOR = "auditor.matrix@imprimatur.test";
const LEAVER = "leaver.matrix@imprimatur.test";
const STALE = "stale.matrix@imprimatur.test";
const AUTHOR = { name: "Matrix Author", email: "matrix.author@example.org" };
const VOLUME = "PMLR vol. 999, Role Matrix 2026";
const ALL: Who[] = ["admin", "publisher", "auditor"];
const EDITORS: Who[] = ["admin", "publisher"];

async function staffContext(browser: Browser, email: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  await signInAsStaff(await context.newPage(), email);
  return context;
}

async function issueAndSign(admin: BrowserContext) {
  const page = await admin.newPage();
  await page.goto("/staff/agreements/new");
  await page.getByLabel("Proceedings").fill(VOLUME);
  await page.getByLabel("Article title").fill("Permissions, tabulated");
  await page.getByLabel("Corresponding author", { exact: true }).fill(AUTHOR.name);
  await page.getByLabel("Corresponding author email").fill(AUTHOR.email);
  await page.getByLabel("All authors").fill(AUTHOR.name);
  await page.getByRole("button", { name: "Issue agreement" }).click();
  await expect(page.getByText(`The invitation to ${AUTHOR.email} is on its way.`)).toBeVisible();
  const agreementId = new URL(page.url()).pathname.split("/").at(-1)!;
  const invitation = await waitForEmail(AUTHOR.email, /publication agreement/);
  const author = await page.context().browser()!.newPage();
  await author.goto(firstUrl(invitation.text.slice(invitation.text.indexOf("Sign the agreement:"))));
  await author.getByLabel("Type your full name to sign").fill(AUTHOR.name);
  await author.getByLabel("I have read and agree fully with the terms of this agreement").check();
  await author.getByRole("button", { name: "Sign agreement" }).click();
  await expect(author.getByRole("status")).toContainText("Signed.");
  await author.close();
  await expect
    .poll(async () => (await admin.request.get(`/staff/agreements/${agreementId}/pdf`)).status(), { timeout: 60_000 })
    .toBe(200);
  const volumeId = await withDatabase(
    async (db) => (await db.query(`SELECT id FROM "Proceedings" WHERE name = $1`, [VOLUME])).rows[0].id as string,
  );
  return { agreementId, volumeId };
}

async function expectAnswer(
  request: APIRequestContext,
  who: Who,
  path: string,
  allowed: Who[],
  kind: "page" | "route",
) {
  const response = await request.get(path, { maxRedirects: 0 });
  const label = `${who} GET ${path}`;
  if (allowed.includes(who)) return expect(response.status(), label).toBe(200);
  if (who !== "signedOut") return expect(response.status(), label).toBe(403);
  if (kind === "route") return expect(response.status(), label).toBe(401);
  expect(response.status(), label).toBeGreaterThanOrEqual(300);
  expect(response.status(), label).toBeLessThan(400);
  expect(response.headers()["location"], label).toContain("/staff/sign-in");
}

test.beforeAll(async () => {
  await withDatabase((db) =>
    db.query(
      `INSERT INTO "User" (id, email, role) VALUES ('matrix-publisher', $1, 'publisher'), ('matrix-auditor', $2, 'auditor'), ('matrix-leaver', $3, 'publisher'), ('matrix-stale', $4, 'auditor') ON CONFLICT (email) DO NOTHING`,
      [PUBLISHER, AUDITOR, LEAVER, STALE],
    ),
  );
});

test("every staff page, route and action answers each role as the permission table says", async ({ browser }) => {
  const contexts: Record<Who, BrowserContext> = {
    admin: await staffContext(browser, ADMIN),
    publisher: await staffContext(browser, PUBLISHER),
    auditor: await staffContext(browser, AUDITOR),
    signedOut: await browser.newContext(),
  };
  const { agreementId, volumeId } = await issueAndSign(contexts.admin);

  const matrix: [path: string, allowed: Who[], kind: "page" | "route"][] = [
    ["/staff/agreements", ALL, "page"],
    ["/staff/agreements/new", EDITORS, "page"],
    [`/staff/agreements/${agreementId}`, ALL, "page"],
    [`/staff/agreements/${agreementId}/pdf`, ALL, "route"],
    [`/staff/agreements/${agreementId}/evidence`, ALL, "route"],
    ["/staff/agreements/export.csv", ALL, "route"],
    ["/staff/agreements/export.json", ALL, "route"],
    ["/staff/proceedings", ALL, "page"],
    ["/staff/proceedings/new", EDITORS, "page"],
    [`/staff/proceedings/${volumeId}`, ALL, "page"],
    [`/staff/proceedings/${volumeId}/settings`, EDITORS, "page"],
    [`/staff/proceedings/${volumeId}/import`, EDITORS, "page"],
    [`/staff/proceedings/${volumeId}/bundle`, ALL, "route"],
    [`/staff/proceedings/${volumeId}/notices.csv`, ALL, "route"],
    [`/staff/proceedings/${volumeId}/notices.json`, ALL, "route"],
    [`/staff/proceedings/${volumeId}/notices.tex`, ALL, "route"],
    ["/staff/audit", ALL, "page"],
    ["/staff/activity", ALL, "page"],
    ["/staff/team", ["admin"], "page"],
  ];
  for (const [path, allowed, kind] of matrix) {
    for (const who of Object.keys(contexts) as Who[])
      await expectAnswer(contexts[who].request, who, path, allowed, kind);
  }

  // Only an admin's header offers the team page.
  const publisherPage = await contexts.publisher.newPage();
  await publisherPage.goto("/staff/agreements");
  await expect(publisherPage.getByRole("link", { name: "Staff team" })).toHaveCount(0);
  const adminPage = await contexts.admin.newPage();
  await adminPage.goto("/staff/agreements");
  await adminPage.locator(".nav-bar summary", { hasText: "Settings" }).click();
  await adminPage.getByRole("link", { name: "Staff team" }).click();
  await expect(adminPage.getByRole("heading", { name: "Staff team" })).toBeVisible();

  // Server actions: the forms an admin is given, replayed with a lower role's cookies, change nothing.
  const issueForm = hiddenFieldsOfForm(
    await (await contexts.admin.request.get("/staff/agreements/new")).text(),
    'name="idempotencyKey"',
  );
  const issueFields = {
    ...issueForm,
    proceedings: VOLUME,
    articleTitle: "Smuggled in by an auditor",
    correspondingAuthorName: "X",
    correspondingAuthorEmail: "x@example.org",
    authors: "X",
  };
  for (const who of ["auditor", "signedOut"] as const) {
    const response = await replayForm(contexts[who].request, "/staff/agreements/new", issueFields);
    expect(response.status(), `${who} issuing`).toBeGreaterThanOrEqual(400);
  }
  const teamHtml = await (await contexts.admin.request.get("/staff/team")).text();
  const promoteSelf = { ...hiddenFieldsOfForm(teamHtml, 'value="matrix-publisher"'), role: "admin" };
  for (const who of ["publisher", "auditor", "signedOut"] as const) {
    const response = await replayForm(contexts[who].request, "/staff/team", promoteSelf);
    expect(response.status(), `${who} changing a role`).toBeGreaterThanOrEqual(400);
  }
  const volumeForm = {
    ...hiddenFieldsOfForm(
      await (await contexts.admin.request.get("/staff/proceedings/new")).text(),
      'name="shortName"',
    ),
    name: "Smuggled volume",
    shortName: "",
    publisherName: "",
    deadline: "",
    linkExpiryDays: "30",
    reminderDays: "",
  };
  for (const who of ["auditor", "signedOut"] as const) {
    expect(
      (await replayForm(contexts[who].request, "/staff/proceedings/new", volumeForm)).status(),
      `${who} creating a volume`,
    ).toBeGreaterThanOrEqual(400);
  }
  const inviteForm = { ...hiddenFieldsOfForm(teamHtml, 'name="email"'), email: "smuggled@example.org", role: "admin" };
  for (const who of ["publisher", "auditor", "signedOut"] as const) {
    expect(
      (await replayForm(contexts[who].request, "/staff/team", inviteForm)).status(),
      `${who} inviting staff`,
    ).toBeGreaterThanOrEqual(400);
  }
  const publishForm = {
    ...hiddenFieldsOfForm(
      await (await contexts.admin.request.get(`/staff/agreements/${agreementId}`)).text(),
      'name="publishedOn"',
    ),
    publishedOn: "2026-01-01",
  };
  for (const who of ["auditor", "signedOut"] as const) {
    expect(
      (await replayForm(contexts[who].request, `/staff/agreements/${agreementId}`, publishForm)).status(),
      `${who} marking published`,
    ).toBeGreaterThanOrEqual(400);
  }
  await withDatabase(async (db) => {
    expect((await db.query(`SELECT 1 FROM "Proceedings" WHERE name = 'Smuggled volume'`)).rowCount).toBe(0);
    expect((await db.query(`SELECT 1 FROM "User" WHERE email = 'smuggled@example.org'`)).rowCount).toBe(0);
    expect(
      (await db.query(`SELECT "publishedAt" FROM "Agreement" WHERE id = $1`, [agreementId])).rows[0].publishedAt,
    ).toBeNull();
    expect(
      (await db.query(`SELECT 1 FROM "Agreement" WHERE "articleTitle" = 'Smuggled in by an auditor'`)).rowCount,
    ).toBe(0);
    expect((await db.query(`SELECT role FROM "User" WHERE id = 'matrix-publisher'`)).rows[0].role).toBe("publisher");
    const refused = await db.query(`SELECT actor, data FROM "AuditEvent" WHERE type = 'staff.refused'`);
    const seen = refused.rows.map((row) => `${row.actor} ${row.data.permission} ${row.data.path ?? ""}`);
    expect(seen).toContain(`staff:${AUDITOR} staff.manage /staff/team`);
    expect(seen).toContain(`staff:${AUDITOR} agreements.issue /staff/agreements/new`);
    expect(seen).toContain(`staff:${PUBLISHER} staff.manage /staff/team`);
    expect(seen).toContain("anonymous exports.download " + `/staff/agreements/${agreementId}/pdf`);
  });
  // The control: the very same replayed form, with a role that may, does take effect.
  expect(
    (await replayForm(contexts.publisher.request, `/staff/agreements/${agreementId}`, publishForm)).status(),
  ).toBeLessThan(400);
  await withDatabase(async (db) => {
    const published = (await db.query(`SELECT "publishedAt" FROM "Agreement" WHERE id = $1`, [agreementId])).rows[0]
      .publishedAt as Date;
    expect(published.toISOString().slice(0, 10)).toBe("2026-01-01");
  });
});

test("the last admin cannot step down, and a removed member's session and sign-in stop working", async ({
  browser,
}) => {
  const admin = await staffContext(browser, ADMIN);
  const leaver = await staffContext(browser, LEAVER);
  expect((await leaver.request.get("/staff/agreements", { maxRedirects: 0 })).status()).toBe(200);

  const team = await admin.newPage();
  await team.goto("/staff/team");
  await expectNoAxeViolations(team);
  const mine = team.getByRole("form", { name: `Change the role of ${ADMIN}` });
  await mine.getByLabel(`Role of ${ADMIN}`).selectOption("publisher");
  await mine.getByRole("button", { name: "Change role" }).click();
  await expect(mine.getByRole("alert")).toHaveText("There must be at least one admin.");

  await team
    .getByRole("form", { name: `Remove access for ${LEAVER}` })
    .getByRole("button", { name: "Remove access" })
    .click();
  await expect(team.getByRole("row", { name: new RegExp(LEAVER) }).getByRole("status")).toContainText(
    `${LEAVER} no longer has access`,
  );

  const afterRemoval = await leaver.request.get("/staff/agreements", { maxRedirects: 0 });
  expect(afterRemoval.headers()["location"]).toContain("/staff/sign-in");
  expect((await leaver.request.get(`/staff/proceedings/x/bundle`, { maxRedirects: 0 })).status()).toBe(401);
  await withDatabase(async (db) => {
    expect((await db.query(`SELECT 1 FROM "Session" WHERE "userId" = 'matrix-leaver'`)).rowCount).toBe(0);
    expect((await db.query(`SELECT role FROM "User" WHERE email = $1`, [ADMIN])).rows[0].role).toBe("admin");
    const removed = await db.query(`SELECT actor, data FROM "AuditEvent" WHERE type = 'staff.removed'`);
    expect(removed.rows).toContainEqual(
      expect.objectContaining({ actor: `staff:${ADMIN}`, data: expect.objectContaining({ email: LEAVER }) }),
    );
  });

  // Asking for a new link gets the neutral answer and no email.
  const page = await browser.newPage();
  const before = await withDatabase(
    async (db) => (await db.query(`SELECT 1 FROM "EmailMessage" WHERE "to" = $1`, [LEAVER])).rowCount,
  );
  await page.goto("/staff/sign-in");
  await page.getByLabel("Email").fill(LEAVER);
  await page.getByRole("button", { name: "Send sign-in link" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  await page.waitForTimeout(1000);
  expect(
    await withDatabase(
      async (db) => (await db.query(`SELECT 1 FROM "EmailMessage" WHERE "to" = $1`, [LEAVER])).rowCount,
    ),
  ).toBe(before);

  // A session that outlives a removal (made behind the app's back here) is refused too, and logged.
  const stale = await staffContext(browser, STALE);
  await withDatabase((db) => db.query(`UPDATE "User" SET "removedAt" = now() WHERE id = 'matrix-stale'`));
  expect((await stale.request.get("/staff/audit", { maxRedirects: 0 })).headers()["location"]).toContain(
    "/staff/sign-in",
  );
  expect((await stale.request.get("/staff/agreements/export.csv", { maxRedirects: 0 })).status()).toBe(401);
  await withDatabase(async (db) => {
    const refused = await db.query(`SELECT data FROM "AuditEvent" WHERE type = 'staff.refused' AND actor = $1`, [
      `staff:${STALE}`,
    ]);
    expect(refused.rows.map((row) => `${row.data.reason} ${row.data.permission} ${row.data.path}`)).toEqual([
      "removed audit.view /staff/audit",
      "removed exports.download /staff/agreements/export.csv",
    ]);
  });
});
