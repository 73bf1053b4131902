import { expect, test, type Page } from "@playwright/test";
import { withDatabase } from "./form-replay";
import { firstUrl, waitForEmail } from "./mailbox";
import { signInAsStaff } from "./staff-session";

// Every CSP violation a page reports, whether or not the browser also logs it to the console.
async function watchForCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|evaluate)/i.test(message.text()))
      violations.push(message.text());
  });
  await page.exposeFunction("reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      ),
    );
  });
  return violations;
}

/** True while the page has not been reloaded: a client component answered without a full navigation. */
async function markPage(page: Page) {
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  return () => page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere === true);
}

test("every page runs its scripts under the nonce CSP: no violation, and the client forms work", async ({
  page,
  browser,
}) => {
  const violations = await watchForCspViolations(page);

  await page.goto("/verify");
  let unchanged = await markPage(page);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page.getByText("Choose a PDF file to verify.")).toBeVisible();
  expect(await unchanged()).toBe(true);

  await page.goto("/staff/sign-in");
  unchanged = await markPage(page);
  await page.getByRole("button", { name: "Send sign-in link" }).click();
  await expect(page.getByText("Email is required.")).toBeVisible();
  expect(await unchanged()).toBe(true);

  await signInAsStaff(page);
  for (const path of [
    "/",
    "/staff/agreements",
    "/staff/agreements/new",
    "/staff/proceedings",
    "/staff/proceedings/new",
    "/staff/audit",
    "/staff/team",
    "/staff/activity",
  ]) {
    const response = await page.goto(path);
    expect(response?.headers()["content-security-policy"], path).toMatch(
      /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/,
    );
    expect(response?.headers()["permissions-policy"], path).toContain("microphone=()");
  }

  // Issue an agreement through the (client-side) form, then sign it as the author would.
  await page.goto("/staff/agreements/new");
  await page.getByLabel("Proceedings").fill("PMLR vol. 139, ICML 2021");
  await page.getByLabel("Article title").fill("Nonces Everywhere");
  await page.getByLabel("Corresponding author", { exact: true }).fill("Ada Lovelace");
  await page.getByLabel("Corresponding author email").fill("ada.front-door@example.org");
  await page.getByLabel("All authors").fill("Ada Lovelace");
  await page.getByRole("button", { name: "Issue agreement" }).click();
  await expect(page.getByText("The invitation to ada.front-door@example.org is on its way.")).toBeVisible();
  const invitation = await waitForEmail("ada.front-door@example.org", /publication agreement/);
  const signingUrl = firstUrl(invitation.text.slice(invitation.text.indexOf("Sign the agreement:")));

  // The author's browser claims to be somewhere else: the evidence must say where it really is.
  const authorContext = await browser.newContext({
    extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.10" },
  });
  const author = await authorContext.newPage();
  const authorViolations = await watchForCspViolations(author);
  await author.goto(signingUrl);
  // The page, running in the browser, reports the view (a POST); the GET itself recorded nothing.
  await expect
    .poll(() =>
      withDatabase(
        async (db) =>
          (
            await db.query(
              `SELECT e.ip FROM "AuditEvent" e JOIN "Agreement" a ON a.id = e."agreementId" WHERE a."articleTitle" = 'Nonces Everywhere' AND e.type = 'agreement.viewed'`,
            )
          ).rows,
      ),
    )
    .toEqual([{ ip: "127.0.0.1" }]);
  unchanged = await markPage(author);
  await author.getByLabel("Type your full name to sign").fill("Ada Lovelace");
  await author.getByLabel("I have read and agree fully with the terms of this agreement").check();
  await author.getByRole("button", { name: "Sign agreement" }).click();
  await expect(author.getByRole("status")).toContainText("Signed.");
  expect(await unchanged()).toBe(true);
  await authorContext.close();

  const recorded = await withDatabase(async (db) => {
    const { rows } = await db.query<{ signerIp: string | null; auditIp: string | null }>(
      `SELECT a."signerIp" AS "signerIp", e.ip AS "auditIp" FROM "Agreement" a JOIN "AuditEvent" e ON e."agreementId" = a.id AND e.type = 'agreement.signed' WHERE a."articleTitle" = 'Nonces Everywhere'`,
    );
    return rows;
  });
  expect(recorded).toEqual([{ signerIp: "127.0.0.1", auditIp: "127.0.0.1" }]);
  expect([...violations, ...authorViolations]).toEqual([]);
});
