import pg from "pg";

// Seeds many agreements open for signing straight in SQL (one INSERT … SELECT generate_series per
// table), as a busy volume looks days before its deadline or weeks after its links lapsed: the
// sweeps' tests and the bench need tens of thousands, which issuing one by one cannot give quickly.

export type OpenAgreementsSeed = {
  /** A volume made for them (its name must be new). */
  volume: string;
  count: number;
  /** The links' expiry relative to now, in hours: negative for stale agreements. */
  linkHoursFromNow: number;
  /** When they were issued, relative to now, in hours (default: 40 days ago). */
  issuedHoursFromNow?: number;
  /** The volume's deadline relative to now, in hours (default: none). */
  deadlineHoursFromNow?: number;
};

/** Inserts `count` open agreements (a quarter "viewed", the rest "sent"), each with one link. */
export async function seedOpenAgreements(client: pg.Client, seed: OpenAgreementsSeed): Promise<{ volumeId: string }> {
  const template = await client.query(`SELECT id FROM "TemplateVersion" ORDER BY "createdAt" LIMIT 1`);
  if (template.rowCount === 0) throw new Error("seed after the first agreement is issued: it reuses its template");
  const volume = await client.query<{ id: string }>(
    `INSERT INTO "Proceedings" (id, name, deadline)
     VALUES (gen_random_uuid()::text, $1, (now() AT TIME ZONE 'UTC') + make_interval(secs => $2::float8 * 3600))
     RETURNING id`,
    [seed.volume, seed.deadlineHoursFromNow ?? null],
  );
  const volumeId = volume.rows[0].id;
  const prefix = `${volumeId}-`;
  await client.query(
    `INSERT INTO "Agreement" (id, status, "proceedingsId", "paperId", "templateVersionId", "articleTitle",
       "correspondingAuthorName", "correspondingAuthorEmail", authors, "publisherName", text, "textSha256", "issuedAt",
       "viewedAt", "updatedAt")
     SELECT $1 || lpad(g::text, 6, '0'), (CASE WHEN g % 4 = 0 THEN 'viewed' ELSE 'sent' END)::"AgreementStatus", $2, 'P' || g,
       $3, 'Sparse Graph Learning ' || g, 'Author ' || g, 'author' || g || '@univ.example', ARRAY['Author ' || g],
       'PMLR', 'Publication agreement ' || g, encode(sha256(convert_to('text ' || g, 'UTF8')), 'hex'), i.at,
       CASE WHEN g % 4 = 0 THEN i.at + interval '1 hour' END, (now() AT TIME ZONE 'UTC')
     FROM generate_series(1, $4::int) g
     CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE 'UTC') + make_interval(secs => $5::float8 * 3600) AS at) i`,
    [prefix, volumeId, template.rows[0].id, seed.count, seed.issuedHoursFromNow ?? -40 * 24],
  );
  await client.query(
    `INSERT INTO "SigningLink" (id, "agreementId", "tokenHash", "expiresAt", "createdAt")
     SELECT 'link-' || id, id, encode(sha256(convert_to('link ' || id, 'UTF8')), 'hex'),
       (now() AT TIME ZONE 'UTC') + make_interval(secs => $2::float8 * 3600), "issuedAt"
     FROM "Agreement" WHERE "proceedingsId" = $1`,
    [volumeId, seed.linkHoursFromNow],
  );
  await client.query(`ANALYZE "Agreement", "SigningLink"`);
  return { volumeId };
}
