import "server-only";
import { db } from "@/lib/db/client";

/**
 * Fresh planner statistics for the tables the staff list reads, and the trigram index's pending list
 * moved into the index, for use right after agreements arrived in bulk (a CSV import): until
 * PostgreSQL knows about thousands of new rows, it may choose plans for the list and its search that
 * suit the old table. Both are the tables' owner's rights, so this calls a function that runs with
 * the owner's rights (migration "list_counts_and_statistics"). Autovacuum does the same on its own
 * within a minute or two (thresholds lowered in that migration).
 */
export async function refreshListStatistics(): Promise<void> {
  await db.$executeRaw`SELECT refresh_agreement_list_statistics()`;
}
