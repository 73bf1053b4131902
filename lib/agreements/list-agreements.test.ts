import { describe, expect, it } from "vitest";
import { issueTestAgreement } from "@/test/agreement-fixtures";
import { listAgreements, PAGE_SIZE } from "./list-agreements";

describe("the staff list of agreements", () => {
  it("shows the newest first, a page at a time, and clamps page numbers out of range", async () => {
    for (let i = 0; i < PAGE_SIZE + 2; i++) await issueTestAgreement({ articleTitle: `Article ${String(i).padStart(2, "0")}` });
    const first = await listAgreements({ page: 1 });
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(first.rows[0].articleTitle).toBe(`Article ${String(PAGE_SIZE + 1).padStart(2, "0")}`);
    expect(first.pageCount).toBeGreaterThanOrEqual(2);
    const last = await listAgreements({ page: 9999 });
    expect(last.page).toBe(last.pageCount);
    expect(last.rows.at(-1)?.articleTitle).toBe("Article 00");
    expect((await listAgreements({ page: -3 })).page).toBe(1);
    expect((await listAgreements({ page: Number.NaN })).page).toBe(1);
  });
});
