import "server-only";
import type { AgreementListRow, AgreementQuery } from "@/lib/agreements/search/agreement-query";
import { searchAgreements } from "@/lib/agreements/search/search-agreements";

const PAGE_SIZE = 1000;

/**
 * Every row the staff list would show for this query, across all its pages. A row that moves
 * between pages while we read (an agreement signed meanwhile) is kept once.
 */
export async function collectMatching(query: AgreementQuery, pageSize = PAGE_SIZE): Promise<AgreementListRow[]> {
  const rows: AgreementListRow[] = [];
  const seen = new Set<string>();
  for (let page = 1; ; page++) {
    const result = await searchAgreements({ ...query, page }, { pageSize });
    for (const row of result.rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      rows.push(row);
    }
    if (result.rows.length < pageSize || page >= result.pageCount) return rows;
  }
}
