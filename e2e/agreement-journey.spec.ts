import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test, expect } from "@playwright/test";
import { expectNoAxeViolations } from "./accessibility";
import { emailsTo, firstUrl, waitForEmail } from "./mailbox";
import { waitForSealedDownload } from "./sealing";
import { ADMIN, holdingSignInsTo, resetSignInThrottles } from "./staff-session";

const AUTHOR = { name: "Zoë Łukasiewicz-Nguyễn", email: "zoe.author@example.org", typed: "Zoë Łukasiewicz-Nguyễn" };
const TITLE = "Differentiable Dynamic Quantization with <b>Mixed</b> Precision";

test("staff issue an agreement, the author signs it from the email, and both get the signed PDF", async ({
  page,
  browser,
}, testInfo) => {
  // Staff sign in with the magic link emailed to them (a new one, not one another journey used).
  await holdingSignInsTo(ADMIN, async () => {
    await resetSignInThrottles();
    const signInsBefore = (await emailsTo(ADMIN, /Sign in to Imprimatur/)).length;
    await page.goto("/staff/sign-in");
    await expectNoAxeViolations(page);
    await page.getByLabel("Email").fill(ADMIN);
    await page.getByRole("button", { name: "Send sign-in link" }).click();
    await expect(page.getByRole("status")).toContainText("sign-in link is on its way");
    const signInEmail = await waitForEmail(ADMIN, /Sign in to Imprimatur/, signInsBefore);
    await page.goto(firstUrl(signInEmail.text));
  });
  await expect(page.getByRole("heading", { name: "Staff home", level: 1 })).toBeVisible();

  // A form with mistakes keeps what was typed and says what is wrong.
  await page.getByRole("link", { name: "Issue agreement" }).first().click();
  await expect(page.getByRole("heading", { name: "Issue a publication agreement" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Article title").fill(TITLE);
  await page.getByLabel("Corresponding author email").fill("not-an-email");
  await page.getByRole("button", { name: "Issue agreement" }).click();
  await expect(page.getByText("Proceedings is required.")).toBeVisible();
  await expect(page.getByText("Enter an email address like name@example.org.")).toBeVisible();
  await expect(page.getByLabel("Article title")).toHaveValue(TITLE);
  await expectNoAxeViolations(page);

  await page.getByLabel("Proceedings").fill("PMLR vol. 139, ICML 2021");
  await page.getByLabel("Corresponding author", { exact: true }).fill(AUTHOR.name);
  await page.getByLabel("Corresponding author email").fill(AUTHOR.email);
  await page.getByLabel("All authors").fill(`${AUTHOR.name}\nZhang Zhongang`);
  await page.getByRole("button", { name: "Issue agreement" }).click();
  await expect(page.getByText(`The invitation to ${AUTHOR.email} is on its way.`)).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  const agreementUrl = page.url();

  // The author, with no account, opens the link from the invitation email.
  const invitation = await waitForEmail(AUTHOR.email, /publication agreement/);
  expect(invitation.text).toContain("PMLR vol. 139, ICML 2021");
  expect(invitation.html).not.toContain("<b>Mixed</b>");
  const signingUrl = firstUrl(invitation.text.slice(invitation.text.indexOf("Sign the agreement:")));
  expect(signingUrl).toMatch(/\/sign\/[A-Za-z0-9_-]{43}$/);

  const authorContext = await browser.newContext({ acceptDownloads: true });
  const author = await authorContext.newPage();
  const response = await author.goto(signingUrl);
  expect(response?.headers()["referrer-policy"]).toBe("same-origin");
  expect(response?.headers()["cache-control"]).toContain("no-store");
  await expect(author.getByText("I HAVE READ AND AGREE FULLY WITH THE TERMS OF THIS AGREEMENT.")).toBeVisible();
  await expect(author.getByText(TITLE, { exact: false }).first()).toBeVisible();
  await expectNoAxeViolations(author);

  await author.getByRole("button", { name: "Sign agreement" }).click();
  await expect(author.getByText("Type your full name to sign.")).toBeVisible();
  await author.getByLabel("Type your full name to sign").fill(AUTHOR.typed);
  await author.getByLabel("I have read and agree fully with the terms of this agreement").check();
  await author.getByRole("button", { name: "Sign agreement" }).click();
  const confirmation = author.getByRole("status");
  await expect(confirmation).toContainText("Signed.");
  const signedDate = /\d{4}-\d\d-\d\d \d\d:\d\d UTC/.exec((await confirmation.textContent()) ?? "")?.[0];
  expect(signedDate).toBeTruthy();
  await expect(author.getByRole("button", { name: "Sign agreement" })).toHaveCount(0);

  // Sealing runs in the background (until then the link answers "being sealed"): wait for it as
  // staff see it, then the author downloads.
  await page.goto(agreementUrl);
  await waitForSealedDownload(page);
  const [download] = await Promise.all([
    author.waitForEvent("download"),
    author.getByRole("link", { name: "Download signed PDF" }).click(),
  ]);
  const pdfPath = testInfo.outputPath("signed.pdf");
  await download.saveAs(pdfPath);
  const text = execFileSync("pdftotext", [pdfPath, "-"], { encoding: "utf8" });
  expect(text).toContain(AUTHOR.typed);
  expect(text).toContain(signedDate!);
  expect(text).toContain("<b>Mixed</b>");

  // The same link can never sign again.
  await author.goto(signingUrl);
  await expect(author.getByRole("status")).toContainText(`You signed this agreement as “${AUTHOR.typed}”`);
  await expect(author.getByLabel("Type your full name to sign")).toHaveCount(0);

  // Staff see the signed record, its timeline and the PDF.
  await page.goto(agreementUrl);
  await expect(page.getByText("Signed", { exact: true }).first()).toBeVisible();
  const timeline = page.getByRole("region", { name: "Timeline" });
  for (const step of ["Issued", "Email sent", "Opened by the author", "Signed"])
    await expect(timeline.getByText(step, { exact: true }).first()).toBeVisible();
  await expect(timeline).toContainText(`Typed signature: “${AUTHOR.typed}”`);
  await waitForSealedDownload(page);
  // No TSA_URL here: the seal's time is the server's own, and the page says so.
  const sealed = "Sealed — the time is this server's own (no timestamp authority configured)";
  await expect(page.getByText(sealed)).toBeVisible();
  await expect(page.getByRole("note")).toContainText("self-signed certificate");
  const copy = await waitForEmail(AUTHOR.email, /Your signed publication agreement/);
  expect(copy.subject).toContain("Differentiable");
  await authorContext.close();

  // The sealed PDF carries a digital signature over the whole document.
  const pdfsig = execFileSync("pdfsig", [pdfPath], { encoding: "utf8" });
  expect(pdfsig).toContain("Signature is Valid.");
  expect(pdfsig).toContain("Total document signed");

  // Anyone can check the PDF at /verify; a changed copy is caught.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto("/verify");
  await expectNoAxeViolations(visitor);
  await visitor.getByLabel("PDF to verify").setInputFiles(pdfPath);
  await visitor.getByRole("button", { name: "Verify", exact: true }).click();
  const verdict = visitor.getByRole("status");
  await expect(verdict.getByRole("heading", { name: "Genuine" })).toBeVisible();
  await expect(verdict).toContainText(TITLE);
  await expect(verdict).toContainText("PMLR vol. 139, ICML 2021");
  await expect(verdict).toContainText(signedDate!);
  await expectNoAxeViolations(visitor);
  const changed = readFileSync(pdfPath);
  changed[Math.floor(changed.length / 3)] ^= 1;
  await visitor
    .getByLabel("PDF to verify")
    .setInputFiles({ name: "changed.pdf", mimeType: "application/pdf", buffer: changed });
  await visitor.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(visitor.getByRole("alert").getByRole("heading", { name: "Altered" })).toBeVisible();

  await visitorContext.close();

  // Staff can check the whole audit log.
  await page.goto("/staff/audit");
  await expect(page.getByRole("status")).toContainText("Intact.");
  await expectNoAxeViolations(page);
});

test("an unknown signing link gives a clear page with status 404", async ({ page }) => {
  const response = await page.goto(`/sign/${"A".repeat(43)}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This signing link is not valid" })).toBeVisible();
});
