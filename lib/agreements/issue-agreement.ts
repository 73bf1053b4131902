import "server-only";
import { randomUUID } from "node:crypto";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db, type Tx } from "@/lib/db/client";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";
import { signingLinkDays } from "@/lib/config/app-config";
import { defaultTemplate } from "./agreement-template";
import { Prisma } from "@/lib/db/generated/client";
import {
  createAgreementGuarded,
  createAgreementInTx,
  type AgreementToWrite,
  type IssuingTemplate,
} from "./create-agreement-in-tx";
import { templateVersionForVolume } from "./template-version";
import type { IssueAgreementInput } from "./issue-agreement-input";

export type IssueAgreementRequest = Omit<IssueAgreementInput, "authorEmails" | "language"> & {
  /** The emails' language (lib/i18n/locales.ts); English when not given. */
  language?: string;
  /** Aligned with authors, "" where unknown; none given: no author's email is known. */
  authorEmails?: string[];
  /** One submitted form issues one agreement, however many times it is posted. */
  idempotencyKey?: string;
};

/**
 * Freezes the agreement text, creates its signing link and queues the invitation, all in one
 * transaction: either the author will be emailed about a complete agreement, or nothing exists.
 */
export async function issueAgreement(context: AuditContext, request: IssueAgreementRequest) {
  if (request.idempotencyKey) {
    const existing = await db.agreement.findUnique({ where: { idempotencyKey: request.idempotencyKey } });
    if (existing) return existing;
  }
  try {
    const { agreement } = await db.$transaction((tx) => issueAgreementInTx(tx, context, request));
    return agreement;
  } catch (error) {
    // Two posts of the same form raced past the first check: the other one won; return its result.
    const existing = request.idempotencyKey
      ? await db.agreement.findUnique({ where: { idempotencyKey: request.idempotencyKey } })
      : null;
    if (existing) return existing;
    throw error;
  }
}

/** issueAgreement's work inside the caller's transaction (the REST API stores its Idempotency-Key in the same one). */
export async function issueAgreementInTx(
  tx: Tx,
  context: AuditContext,
  // The form's idempotencyKey, when given, travels on to the agreement row.
  request: IssueAgreementRequest & { paperId?: string | null },
) {
  const { proceedings, template } = (await issuingVolume(tx, request.proceedings, { create: true }))!;
  const { agreement } = await createAgreementInTx(tx, context, { ...request, proceedings, template });
  return { agreement, proceedings };
}

/**
 * issueAgreementInTx as one statement committed on its own, written only when the caller's guard
 * returns a row (createAgreementGuarded): agreement is null when it did not. Undefined when the
 * issue cannot be one statement: the volume does not exist yet (it is created with its first
 * agreement) or its template has every author sign; the caller issues in a transaction then.
 * The guard must AND `current` into its condition: a volume remembered from an earlier issue is
 * issued in without being read again, only when that statement finds it unchanged (else nothing is
 * written, the volume is forgotten, and the caller's next try reads it afresh).
 */
export async function issueAgreementGuarded(
  context: AuditContext,
  request: IssueAgreementRequest & { paperId?: string | null },
  guard: (agreement: AgreementToWrite, proceedings: IssuingVolumeRow, current: Prisma.Sql) => Prisma.Sql,
) {
  const remembered = recentVolumes.get(request.proceedings);
  const volume = remembered ?? (await issuingVolume(db, request.proceedings, { create: false }));
  if (!volume) return undefined;
  const { proceedings, template } = volume;
  if (template.signers === "every_author") return undefined;
  const current = remembered ? volumeUnchanged(volume) : Prisma.sql`true`;
  const { agreement } = await createAgreementGuarded(context, { ...request, proceedings, template }, (row) =>
    guard(row, proceedings, current),
  );
  recentVolumes.delete(request.proceedings);
  if (agreement) {
    recentVolumes.set(request.proceedings, volume);
    if (recentVolumes.size > RECENT_VOLUMES) recentVolumes.delete(recentVolumes.keys().next().value!);
  }
  return { agreement, proceedings };
}

// The volumes the API issued in lately (the newest last), with the template version each issued on:
// an API client sends a volume's papers one after another, and reading the volume again before each
// cost a round trip. Never trusted: volumeUnchanged is checked by the statement that issues.
const recentVolumes = new Map<string, { proceedings: IssuingVolumeRow; template: IssuingTemplate }>();
const RECENT_VOLUMES = 32;

/** True while the volume still reads as remembered and its template has no newer version. */
function volumeUnchanged({ proceedings, template }: { proceedings: IssuingVolumeRow; template: IssuingTemplate }) {
  // A volume without a template of its own issues on the default's version this code pins.
  const newest = proceedings.templateKey
    ? Prisma.sql`NOT EXISTS (SELECT FROM "TemplateVersion" WHERE key = ${template.key} AND version > ${template.version})`
    : Prisma.sql`true`;
  return Prisma.sql`EXISTS (
      SELECT FROM "Proceedings" WHERE id = ${proceedings.id} AND name = ${proceedings.name}
        AND "publisherName" IS NOT DISTINCT FROM ${proceedings.publisherName}
        AND "linkExpiryDays" = ${proceedings.linkExpiryDays} AND "templateKey" IS NOT DISTINCT FROM ${proceedings.templateKey})
    AND ${newest}`;
}

type IssuingVolumeRow = {
  id: string;
  name: string;
  publisherName: string | null;
  linkExpiryDays: number;
  templateKey: string | null;
  template: IssuingTemplate | null;
};

/**
 * The volume to issue in, created on its first agreement, and the template version it issues on
 * now (the newest of its template, or the default's), in one round trip instead of five. INSERT …
 * ON CONFLICT DO NOTHING: concurrent first agreements of a new volume share one row. Without
 * create, a volume that does not exist yet is null (and nothing is written).
 */
async function issuingVolume(tx: Tx, name: string, { create }: { create: boolean }) {
  const fallback = defaultTemplate();
  const created = create
    ? Prisma.sql`INSERT INTO "Proceedings" (id, name, "linkExpiryDays", "createdAt")
      VALUES (${randomUUID()}, ${name}, ${signingLinkDays()}, ${new Date().toISOString()}::timestamptz AT TIME ZONE 'UTC')
      ON CONFLICT DO NOTHING
      RETURNING id, name, "publisherName", "linkExpiryDays", "templateKey"`
    : Prisma.sql`SELECT id, name, "publisherName", "linkExpiryDays", "templateKey" FROM "Proceedings" WHERE false`;
  const statement = Prisma.sql`
    WITH created AS (${created}),
    volume AS (
      SELECT * FROM created
      UNION ALL
      SELECT id, name, "publisherName", "linkExpiryDays", "templateKey" FROM "Proceedings" WHERE name = ${name}
      LIMIT 1)
    SELECT v.*, (
      SELECT json_build_object('id', t.id, 'key', t.key, 'version', t.version, 'body', t.body, 'signers', t.signers)
      FROM "TemplateVersion" t
      WHERE CASE WHEN v."templateKey" IS NULL THEN t.key = ${fallback.key} AND t.version = ${fallback.version}
        ELSE t.key = v."templateKey" END
      ORDER BY t.version DESC LIMIT 1) AS template
    FROM volume v`;
  // Without create it is a read the API makes on its own: the plain pg pool, not Prisma's runtime.
  const [volume] = create
    ? await tx.$queryRaw<IssuingVolumeRow[]>(statement)
    : (await pgPool().query<IssuingVolumeRow>(preparedStatement(statement.text, statement.values))).rows;
  if (!volume && !create) return null;
  // Rare: the volume was created by a concurrent first agreement after this statement's snapshot
  // (read again, now that its insert has committed), or the template version is yet to be stored.
  const proceedings = volume ?? (await tx.proceedings.findUniqueOrThrow({ where: { name } }));
  const template = volume?.template ?? (await templateVersionForVolume(tx, proceedings));
  return { proceedings, template };
}
