import { test, expect } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { startWebhookReceiver } from "../test/webhook-receiver";
import { expectNoAxeViolations } from "./accessibility";
import { firstUrl, waitForEmail } from "./mailbox";
import { signInAsStaff } from "./staff-session";

const AUTHOR = { name: "Ingrid Sølvberg", email: "ingrid.webhooks@example.org" };

test("staff register a webhook and a token, the paper comes in through the API, the author signs, and the receiver gets a signed agreement.signed", async ({
  page,
  browser,
  request,
}) => {
  const receiver = await startWebhookReceiver();
  try {
    await signInAsStaff(page);
    await page.locator(".nav-bar summary", { hasText: "Settings" }).click();
    await page.getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    await expectNoAxeViolations(page);

    // An internal address is refused with the reason, and what was typed is kept.
    await page.getByLabel("URL").fill("http://169.254.169.254/latest/meta-data/");
    await page.getByLabel("agreement.signed").check();
    await page.getByRole("button", { name: "Register" }).click();
    await expect(page.getByText("is a link-local address, which webhooks may not be sent to")).toBeVisible();
    await expect(page.getByLabel("URL")).toHaveValue("http://169.254.169.254/latest/meta-data/");

    await page.getByLabel("URL").fill(receiver.url);
    await page.getByRole("button", { name: "Register" }).click();
    const secret = (await page.locator("code.webhook-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);

    // The conference's system gets a token, and hands the paper over through the REST API.
    await page.goto("/staff/api-tokens");
    await page.getByLabel("Name").fill("Webhooks journey sync");
    await page.getByLabel("Role").selectOption("publisher");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("api-token-secret").textContent())!.trim();
    expect(token).toMatch(/^imp_/);

    const created = await request.post("/api/v1/agreements", {
      headers: { Authorization: `Bearer ${token}`, "Idempotency-Key": "webhooks-journey-1" },
      data: {
        volume: "PMLR vol. 140, Webhooks 2026",
        paperId: "wh-1",
        title: "Signed Webhooks for Conference Systems",
        authors: [`${AUTHOR.name} <${AUTHOR.email}>`],
        correspondingAuthor: AUTHOR,
      },
    });
    expect(created.status()).toBe(201);
    const agreement = (await created.json()) as { id: string; status: string };
    expect(agreement.status).toBe("sent");

    const invitation = await waitForEmail(AUTHOR.email, /publication agreement/);
    const author = await (await browser.newContext()).newPage();
    await author.goto(firstUrl(invitation.text.slice(invitation.text.indexOf("Sign the agreement:"))));
    await author.getByLabel("Type your full name to sign").fill(AUTHOR.name);
    await author.getByLabel("I have read and agree fully with the terms of this agreement").check();
    await author.getByRole("button", { name: "Sign agreement" }).click();
    await expect(author.getByRole("status")).toContainText("Signed.");

    const [delivery] = await receiver.waitFor(1, 30_000);
    const event = new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>) as {
      type: string;
      data: { title: string; status: string };
    };
    expect(event.type).toBe("agreement.signed");
    expect(event.data).toMatchObject({ title: "Signed Webhooks for Conference Systems", status: "signed" });
    expect(JSON.stringify(event.data)).toContain(agreement.id);

    // The delivery log shows it, with the receiver's answer. The receiver has that answer before the
    // attempt's record commits, so a page loaded in between shows it pending: load it again until then.
    const delivered = page
      .getByRole("table", { name: "Deliveries (newest first)" })
      .getByRole("row")
      .filter({ hasText: "agreement.signed" });
    await expect(async () => {
      await page.goto("/staff/webhooks");
      await expect(delivered).toContainText("succeeded", { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(delivered).toContainText("200 in");
  } finally {
    await receiver.close();
  }
});
