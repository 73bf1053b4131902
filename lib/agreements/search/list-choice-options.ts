import "server-only";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";

export type ChoiceFilterOption = { key: string; question: string; value: string; label: string };

/**
 * The answers the list can be filtered by: every option of every question the templates ask,
 * once per key and value (the newest version's wording), questions in key order. Read from the
 * few template versions rather than from the agreements' answers, so the list stays one index
 * read however many agreements there are. Prepared: the staff list shows them on every view.
 */
export async function listChoiceOptions(): Promise<ChoiceFilterOption[]> {
  const { rows } = await pgPool().query<ChoiceFilterOption>(
    preparedStatement(
      `SELECT DISTINCT ON (c->>'key', o->>'value')
      c->>'key' AS key, c->>'question' AS question, o->>'value' AS value, o->>'label' AS label
    FROM "TemplateVersion" tv
      CROSS JOIN LATERAL jsonb_array_elements(tv.choices) c
      CROSS JOIN LATERAL jsonb_array_elements(c->'options') o
    WHERE jsonb_typeof(tv.choices) = 'array' AND jsonb_array_length(tv.choices) > 0
    ORDER BY c->>'key', o->>'value', tv."createdAt" DESC`,
      [],
    ),
  );
  return rows;
}
