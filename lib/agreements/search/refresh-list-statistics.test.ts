import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getImport, previewImport, startIssuingImport } from "@/lib/proceedings/bulk-import";
import { taskList } from "@/lib/worker/task-list";
import { issueTestAgreement } from "@/test/agreement-fixtures";
import { staffActing } from "@/test/contexts";
import { sqlAs } from "@/test/database-as";
import { runQueuedJobs } from "@/test/run-queued-jobs";
import { refreshListStatistics } from "./refresh-list-statistics";

const STAFF = staffActing("importer@example.org", { ip: "203.0.113.5", userAgent: "vitest" });

/** How often the agreements were ANALYZEd on request (autovacuum's runs are counted apart). */
async function analyzeCount(): Promise<number> {
  const { rows } = await sqlAs<{ count: string }>(
    "owner",
    `SELECT analyze_count AS count FROM pg_stat_user_tables WHERE relid = '"Agreement"'::regclass`,
  );
  return Number(rows[0].count);
}

describe("keeping the staff list's statistics fresh", () => {
  it("lets the app's role refresh the statistics, which its own ANALYZE would skip", async () => {
    const before = await analyzeCount();
    // The app's role owns no table: PostgreSQL skips its ANALYZE with a warning.
    await db.$executeRawUnsafe(`ANALYZE "Agreement"`);
    expect(await analyzeCount()).toBe(before);
    await refreshListStatistics();
    expect(await analyzeCount()).toBe(before + 1);
  });

  it("empties the trigram index's pending list, which every search would read in full", async () => {
    await issueTestAgreement({ articleTitle: "A title whose trigrams wait in the pending list" });
    await refreshListStatistics();
    // Nothing left to move: the owner's own clean-up finds no pending page.
    const { rows } = await sqlAs<{ pages: string }>(
      "owner",
      `SELECT gin_clean_pending_list('"Agreement_searchText_idx"'::regclass) AS pages`,
    );
    expect(Number(rows[0].pages)).toBe(0);
  });

  it("refreshes them once a bulk import has issued its rows", async () => {
    const volume = await db.proceedings.create({ data: { name: "Statistics volume", linkExpiryDays: 14 } });
    const csv = [
      "paper_id,title,corresponding_author,corresponding_email,authors",
      "1,A paper,Ada Lovelace,ada@example.org,Ada Lovelace",
    ];
    const { importId } = await previewImport(STAFF, {
      proceedingsId: volume.id,
      fileName: "papers.csv",
      bytes: new TextEncoder().encode(csv.join("\n")),
    });
    await startIssuingImport(STAFF, { importId });
    const before = await analyzeCount();
    await runQueuedJobs({ issue_import: taskList.issue_import });
    expect(await getImport(importId)).toMatchObject({ status: "done", issued: 1 });
    expect(await analyzeCount()).toBe(before + 1);
  });
});
