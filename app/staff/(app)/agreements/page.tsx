import type { Metadata } from "next";
import Link from "next/link";
import { AgreementResultsTable } from "@/components/agreement-results-table";
import { AgreementSearchForm } from "@/components/agreement-search-form";
import { ColumnChoiceForm } from "@/components/column-choice-form";
import { ExportLinks } from "@/components/export-links";
import { PaginationNav } from "@/components/pagination-nav";
import { SealSummary } from "@/components/seal-summary";
import { countSealStates } from "@/lib/agreements/count-seal-states";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { parseAgreementQuery } from "@/lib/agreements/search/agreement-query";
import { agreementListHref, agreementQueryValues } from "@/lib/agreements/search/agreement-list-href";
import { listVolumeOptions } from "@/lib/agreements/search/list-volume-options";
import { listChoiceOptions } from "@/lib/agreements/search/list-choice-options";
import { resultsSummary } from "@/lib/agreements/search/results-summary";
import { searchAgreements } from "@/lib/agreements/search/search-agreements";

export const metadata: Metadata = { title: "Agreements" };

export default async function AgreementsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireStaffPage("agreements.view");
  const query = parseAgreementQuery(await searchParams);
  const [result, volumes, sealCounts, choices] = await Promise.all([
    searchAgreements(query),
    listVolumeOptions(),
    countSealStates(),
    listChoiceOptions(),
  ]);
  const shown = { ...query, page: result.page };
  return (
    <>
      <h1>Agreements</h1>
      <p>
        <Link href="/staff/agreements/new">Issue an agreement</Link>
      </p>
      <SealSummary counts={sealCounts} hrefFor={(flag) => agreementListHref(parseAgreementQuery({ flag }))} />
      <AgreementSearchForm values={agreementQueryValues(query)} volumes={volumes} choices={choices} />
      <h2 id="results-heading">Results</h2>
      <p role="status">
        {resultsSummary(result)} Superseded agreements (replaced by a reissue) are left out; open the current one to see
        its history.
      </p>
      <ExportLinks query={agreementListHref(query)} />
      <ColumnChoiceForm columns={query.columns} values={agreementQueryValues(shown)} page={result.page} />
      {result.rows.length > 0 ? (
        <AgreementResultsTable
          rows={result.rows}
          columns={query.columns}
          sort={{ key: query.sort, dir: query.dir }}
          sortHref={(sort, dir) => agreementListHref(query, { sort, dir, page: 1 })}
        />
      ) : null}
      <PaginationNav
        page={result.page}
        pageCount={result.pageCount}
        pageCountKnown={!result.totalCapped}
        hrefFor={(page) => agreementListHref(shown, { page })}
      />
    </>
  );
}
