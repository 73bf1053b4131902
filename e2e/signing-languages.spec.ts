import { test, expect, type Browser } from "@playwright/test";
import { expectNoAxeViolations } from "./accessibility";
import { firstUrl, waitForEmail } from "./mailbox";
import { signInAsStaff } from "./staff-session";

// Authors come from everywhere: the signing page speaks the language their browser asks for, the
// agreement text stays the one they sign, and the invitation is in the language staff chose.
const PROCEEDINGS = "PMLR vol. 240, Languages 2026";

async function issue(page: import("@playwright/test").Page, author: { name: string; email: string }, language: string) {
  await page.goto("/staff/agreements/new");
  await page.getByLabel("Proceedings").fill(PROCEEDINGS);
  await page.getByLabel("Article title").fill(`Multilingual evaluation for ${author.email}`);
  await page.getByLabel("Corresponding author", { exact: true }).fill(author.name);
  await page.getByLabel("Corresponding author email").fill(author.email);
  await page.getByLabel("All authors").fill(`${author.name}\nAda Lovelace`);
  await page.getByLabel("Language of the emails").selectOption(language);
  await page.getByRole("button", { name: "Issue agreement" }).click();
  await expect(page.getByText(`The invitation to ${author.email} is on its way.`)).toBeVisible();
}

async function authorPage(browser: Browser, locale: string, url: string) {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

test("the signing page in Chinese, German and Japanese by Accept-Language, signed in Chinese, axe-clean", async ({
  page,
  browser,
}) => {
  // Three authors' pages, each checked with axe, on machines shared with other test runs.
  test.setTimeout(300_000);
  await signInAsStaff(page);
  const zh = { name: "王小明", email: "wang.xiaoming@example.org" };
  const de = { name: "Jürgen Groß", email: "juergen.gross@example.org" };
  const ja = { name: "山田 太郎", email: "taro.yamada@example.org" };
  await issue(page, zh, "zh");
  await issue(page, de, "de");
  await issue(page, ja, "en");

  // The invitation in the language staff chose, its link unchanged (no language in it).
  const invitation = await waitForEmail(zh.email, /出版协议/);
  const zhUrl = firstUrl(invitation.text);
  expect(zhUrl).toMatch(/\/sign\/[A-Za-z0-9_-]{43}$/);

  // German, by the browser's language.
  const germanUrl = firstUrl((await waitForEmail(de.email, /Verlagsvertrag/)).text);
  const german = await authorPage(browser, "de-DE", germanUrl);
  await expect(german.locator("html")).toHaveAttribute("lang", "de");
  await expect(german.getByRole("heading", { level: 1 })).toContainText("Verlagsvertrag für");
  await expect(german.getByText("Der folgende Vertrag ist auf Englisch verfasst")).toBeVisible();
  await expect(german.getByText("I HAVE READ AND AGREE FULLY WITH THE TERMS OF THIS AGREEMENT.")).toBeVisible();
  await expect(german.getByText(`(${de.name})`, { exact: false })).toBeVisible();
  await expectNoAxeViolations(german);

  // Japanese, by the browser's language, whatever language the emails were in.
  const japaneseUrl = firstUrl((await waitForEmail(ja.email, /publication agreement/)).text);
  const japanese = await authorPage(browser, "ja-JP", japaneseUrl);
  await expect(japanese.locator("html")).toHaveAttribute("lang", "ja");
  await expect(japanese.getByRole("button", { name: "契約に署名する" })).toBeVisible();
  // A mistake is explained in Japanese.
  await japanese.getByRole("button", { name: "契約に署名する" }).click();
  await expect(japanese.getByText("署名としてフルネームを入力してください。")).toBeVisible();
  await expectNoAxeViolations(japanese);

  // Chinese: read, checked with axe, and signed.
  const chinese = await authorPage(browser, "zh-CN", zhUrl);
  await expect(chinese.locator("html")).toHaveAttribute("lang", "zh-Hans");
  await expect(chinese.getByText("以下协议以英语写成，您签署的正是这份文本。", { exact: false })).toBeVisible();
  await expect(chinese.getByText(`（${zh.name}）`, { exact: false })).toBeVisible();
  await expectNoAxeViolations(chinese);
  await chinese.getByLabel("请输入您的全名以签署").fill(zh.name);
  await chinese.getByLabel("我已阅读并完全同意本协议的条款").check();
  await chinese.getByRole("button", { name: "签署协议" }).click();
  await expect(chinese.getByRole("status")).toContainText("已签署。");
  await expect(chinese.getByRole("link", { name: "下载已签署的 PDF" })).toBeVisible();
  await expectNoAxeViolations(chinese);

  // The switcher works without JavaScript and is remembered for the visit.
  const noScript = await browser.newContext({ locale: "zh-CN", javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto(germanUrl);
  await expect(plain.locator("html")).toHaveAttribute("lang", "zh-Hans");
  await plain.getByRole("button", { name: "Español" }).click();
  await expect(plain.locator("html")).toHaveAttribute("lang", "es");
  await expect(plain.getByRole("button", { name: "Firmar el contrato" })).toBeVisible();
  await plain.goto(germanUrl);
  await expect(plain.getByRole("button", { name: "Firmar el contrato" })).toBeVisible();
  await noScript.close();

  // The signed copy comes in the language the author signed in.
  await waitForEmail(zh.email, /您已签署的/);
});
