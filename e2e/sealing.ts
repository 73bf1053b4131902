import { expect, type Page } from "@playwright/test";

/**
 * Sealing runs in the background after the author signs, and a staff page shows what the record
 * was when it was rendered: reload until its "Download signed PDF" link is there, and return it.
 * Call it once the agreement's page has loaded: a reload during a navigation would cancel it.
 */
export async function waitForSealedDownload(page: Page) {
  const download = page.getByRole("link", { name: "Download signed PDF" });
  await expect
    .poll(
      async () => {
        if ((await download.count()) === 0) await page.reload();
        return download.count();
      },
      { timeout: 30_000, message: "the signed PDF is sealed and offered for download" },
    )
    .toBe(1);
  return download;
}
