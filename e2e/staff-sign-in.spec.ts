import { expect, test, type APIRequestContext } from "@playwright/test";
import { expectNoAxeViolations } from "./accessibility";
import { withDatabase } from "./form-replay";
import { emailsTo, firstUrl, waitForEmail } from "./mailbox";
import { ADMIN, resetSignInThrottles, signInAsStaff } from "./staff-session";

const STRANGER = "stranger@example.org";
const NEUTRAL = "If that address belongs to a staff account, a sign-in link is on its way.";

test.beforeEach(async () => {
  await resetSignInThrottles();
});

/** Everything a client can observe of a sign-in request's answer, as an attacker would probe it. */
async function probe(request: APIRequestContext, email: string) {
  const response = await request.post("/staff/sign-in/request", {
    form: { email, callbackUrl: "/staff/agreements" },
    maxRedirects: 0,
  });
  const headers = response.headersArray();
  return {
    status: response.status(),
    location: response.headers()["location"],
    body: await response.text(),
    cookies: headers.filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value.split("=")[0]),
    headerNames: headers
      .map((h) => h.name.toLowerCase())
      .filter((name) => name !== "date")
      .sort(),
  };
}

test("a staff address and a stranger's get byte-identical answers from the server, and only staff get mail", async ({
  request,
}) => {
  // next-auth's own endpoint told them apart (a different redirect for staff): asked with a valid
  // CSRF token, as next-auth's own form would, it now answers both alike, with 404.
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const direct = [];
  for (const email of [ADMIN, STRANGER]) {
    const response = await request.post("/api/auth/signin/email", {
      form: { email, csrfToken, callbackUrl: "/staff/agreements" },
      maxRedirects: 0,
    });
    direct.push({ status: response.status(), location: response.headers()["location"], body: await response.text() });
  }
  expect(direct[1]).toEqual(direct[0]);
  expect(direct[0].status).toBe(404);

  // The form's endpoint: everything a client can observe is the same.
  const signInsBefore = (await emailsTo(ADMIN, /Sign in to Imprimatur/)).length;
  const staff = await probe(request, ADMIN);
  const stranger = await probe(request, STRANGER);
  expect(staff).toEqual({
    status: 303,
    location: "/staff/sign-in/check-email",
    body: "",
    cookies: [],
    headerNames: staff.headerNames,
  });
  expect(stranger).toEqual(staff);

  await waitForEmail(ADMIN, /Sign in to Imprimatur/, signInsBefore);
  expect(await emailsTo(STRANGER, /.*/)).toHaveLength(0);
});

test("an unknown email sees the same neutral message, and gets no mail and no account", async ({ page }) => {
  await page.goto("/staff/sign-in");
  await page.getByLabel("Email").fill(STRANGER);
  await page.getByRole("button", { name: "Send sign-in link" }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in\/check-email$/);
  await expect(page.getByRole("status")).toContainText(NEUTRAL);
  await expectNoAxeViolations(page);

  // A known address's link arrives within moments; by then a stranger's would have too.
  const adminLinks = (await emailsTo(ADMIN, /Sign in/)).length;
  await page.goto("/staff/sign-in");
  await page.getByLabel("Email").fill(ADMIN);
  await page.getByRole("button", { name: "Send sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText(NEUTRAL);
  await waitForEmail(ADMIN, /Sign in to Imprimatur/, adminLinks);
  expect(await emailsTo(STRANGER, /.*/)).toHaveLength(0);

  await withDatabase(async (db) => {
    expect((await db.query(`SELECT 1 FROM "User" WHERE email = $1`, [STRANGER])).rowCount).toBe(0);
    expect((await db.query(`SELECT 1 FROM "EmailMessage" WHERE "to" = $1`, [STRANGER])).rowCount).toBe(0);
  });
});

test("a sixth request for one address within 15 minutes sends no sixth link, and says so the same way for anyone", async ({
  page,
  request,
}) => {
  const before = (await emailsTo(ADMIN, /Sign in/)).length;
  const staff = [];
  const stranger = [];
  for (let i = 0; i < 6; i++) {
    staff.push(await probe(request, ADMIN));
    stranger.push(await probe(request, STRANGER));
  }
  expect(staff[5].location).toMatch(/^\/staff\/sign-in\/check-email\?wait=\d+$/);
  expect(stranger[5]).toEqual(staff[5]);
  await waitForEmail(ADMIN, /Sign in to Imprimatur/, before + 4);
  await page.waitForTimeout(2000);
  expect(await emailsTo(ADMIN, /Sign in/)).toHaveLength(before + 5);

  await page.goto(staff[5].location);
  await expect(page.getByRole("status")).toContainText(NEUTRAL);
  await expect(page.getByRole("status")).toContainText("Too many sign-in requests");
});

test("the sign-in form explains a malformed address and keeps it", async ({ page }) => {
  await page.goto("/staff/sign-in");
  await page.getByLabel("Email").fill("admin@");
  await page.getByRole("button", { name: "Send sign-in link" }).click();
  await expect(page.getByText("Enter an email address like name@example.org.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("admin@");
});

test("a signed-out visitor is sent to sign in, signing out ends the session, and the used link is refused", async ({
  page,
}) => {
  await page.goto("/staff/agreements/new");
  await expect(page).toHaveURL(/\/staff\/sign-in/);

  await page.getByLabel("Email").fill(ADMIN);
  const adminLinks = (await emailsTo(ADMIN, /Sign in/)).length;
  await page.getByRole("button", { name: "Send sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("expires in 15 minutes");
  const email = await waitForEmail(ADMIN, /Sign in to Imprimatur/, adminLinks);
  expect(email.text).toContain("expires in 15 minutes");
  const link = firstUrl(email.text);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Staff home", level: 1 })).toBeVisible();
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === "next-auth.session-token")!;
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await withDatabase(async (db) => {
    expect((await db.query(`SELECT 1 FROM "Session" WHERE "sessionToken" = $1`, [session.value])).rowCount).toBe(0);
    // The sign-in is evidence like any other event: who used the link, from where, with what.
    const { rows } = await db.query(
      `SELECT ip, "userAgent" FROM "AuditEvent" WHERE type = 'staff.signed_in' AND actor = $1 ORDER BY id DESC LIMIT 1`,
      [`staff:${ADMIN}`],
    );
    expect(rows[0].ip).toBe("127.0.0.1");
    expect(rows[0].userAgent).toContain("Chrome");
  });

  await page.locator(".nav-user summary").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in/);
  await page.goto("/staff/agreements");
  await expect(page).toHaveURL(/\/staff\/sign-in/);

  await page.goto(link);
  await expect(page).toHaveURL(/error=Verification/);
  await expect(
    page.getByText("That sign-in link has expired, was already used, or was replaced by a newer one."),
  ).toBeVisible();
});

test("an auditor may look but not issue: the issue page answers 403", async ({ page }) => {
  await withDatabase((db) =>
    db.query(
      `INSERT INTO "User" (id, email, role) VALUES ('auditor-e2e', 'auditor@imprimatur.test', 'auditor') ON CONFLICT (email) DO NOTHING`,
    ),
  );
  await signInAsStaff(page, "auditor@imprimatur.test");
  const response = await page.goto("/staff/agreements/new");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expectNoAxeViolations(page);
});
