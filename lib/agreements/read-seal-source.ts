import "server-only";
import { db } from "@/lib/db/client";
import { CHAIN_HEAD_JOIN, type ChainPosition } from "@/lib/audit/chain-head";

/** What sealing an agreement reads: the agreement as signed, what the PDF prints, the chain's head. */
export type SealSource = {
  id: string;
  status: string;
  signedAt: Date | null;
  signatureName: string | null;
  text: string;
  textSha256: string;
  signedText: string | null;
  signedTextSha256: string | null;
  choiceAnswers: unknown;
  publisherName: string;
  articleTitle: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  authors: string[];
  paperId: string | null;
  issuedAt: Date;
  sealWaitingSince: Date | null;
  language: string;
  signedLanguage: string | null;
  proceedings: { name: string };
  templateVersion: { notice: string; choices: unknown };
  /** The authors who signed, in the order of the author list (per-author signing). */
  signers: { name: string; email: string; typedName: string | null; signedAt: Date | null; ip: string | null }[];
  /** The agreement's events, oldest first: what the PDF's certificate page prints. */
  auditEvents: { type: string; occurredAt: Date; actor: string; ip: string | null; userAgent: string | null }[];
  /** Whether a sealed document is stored already (someone else sealed first). */
  sealed: boolean;
  /** The audit chain's head at this moment, printed in the PDF and kept as a checkpoint. */
  head: ChainPosition | null;
};

// Every timestamp leaves as a UTC instant (AT TIME ZONE 'UTC'): pg would read a bare timestamp in
// the server's local zone. Inside json the instants are ISO strings, turned into Dates below.
const SEAL_SOURCE = `
  SELECT a.id, a.status::text AS status, a."signedAt" AT TIME ZONE 'UTC' AS "signedAt", a."signatureName",
    a.text, a."textSha256", a."signedText", a."signedTextSha256", a."choiceAnswers", a."publisherName",
    a."articleTitle", a."correspondingAuthorName", a."correspondingAuthorEmail", a.authors, a."paperId",
    a."issuedAt" AT TIME ZONE 'UTC' AS "issuedAt", a."sealWaitingSince" AT TIME ZONE 'UTC' AS "sealWaitingSince",
    a.language, a."signedLanguage", p.name AS "proceedingsName", tv.notice, tv.choices,
    EXISTS (SELECT 1 FROM "SignedDocument" d WHERE d."agreementId" = a.id) AS sealed,
    (SELECT coalesce(json_agg(json_build_object('name', s.name, 'email', s.email, 'typedName', s."typedName",
        'signedAt', s."signedAt" AT TIME ZONE 'UTC', 'ip', s.ip) ORDER BY s.position), '[]')
      FROM "Signer" s WHERE s."agreementId" = a.id AND s.status = 'signed') AS signers,
    (SELECT coalesce(json_agg(json_build_object('type', e.type, 'occurredAt', e."occurredAt" AT TIME ZONE 'UTC',
        'actor', e.actor, 'ip', e.ip, 'userAgent', e."userAgent") ORDER BY e.id), '[]')
      FROM "AuditEvent" e WHERE e."agreementId" = a.id) AS "auditEvents",
    head.id::text AS "headId", head.hash AS "headHash", head.count::text AS "headCount"
  FROM "Agreement" a
  JOIN "Proceedings" p ON p.id = a."proceedingsId"
  JOIN "TemplateVersion" tv ON tv.id = a."templateVersionId"
  ${CHAIN_HEAD_JOIN}
  WHERE a.id = $1`;

type Row = Omit<SealSource, "proceedings" | "templateVersion" | "signers" | "auditEvents" | "head"> & {
  proceedingsName: string;
  notice: string;
  choices: unknown;
  signers: (Omit<SealSource["signers"][number], "signedAt"> & { signedAt: string | null })[];
  auditEvents: (Omit<SealSource["auditEvents"][number], "occurredAt"> & { occurredAt: string })[];
  headId: string | null;
  headHash: string | null;
  headCount: string | null;
};

/**
 * Everything a seal reads, in one statement, so that the agreement, its signers and events and the
 * chain's head belong to one moment. Through Prisma's client it was three calls (the stored
 * document, the agreement with four relations, the head), the second through its query compiler,
 * on the event loop that also answers the signing page. Raw SQL on Prisma's pool, which leaves the
 * plain pool's four connections (lib/db/pg-pool.ts) to the short statements of the hot paths.
 * The head's position is counted from the newest checkpoint (CHAIN_HEAD_JOIN), not over the log.
 * Null for an unknown agreement.
 */
export async function readSealSource(agreementId: string): Promise<SealSource | null> {
  const [row] = await db.$queryRawUnsafe<Row[]>(SEAL_SOURCE, agreementId);
  if (!row) return null;
  const { proceedingsName, notice, choices, signers, auditEvents, headId, headHash, headCount, ...agreement } = row;
  return {
    ...agreement,
    proceedings: { name: proceedingsName },
    templateVersion: { notice, choices },
    signers: signers.map((signer) => ({ ...signer, signedAt: signer.signedAt ? new Date(signer.signedAt) : null })),
    auditEvents: auditEvents.map((event) => ({ ...event, occurredAt: new Date(event.occurredAt) })),
    head:
      headId !== null && headHash !== null && headCount !== null
        ? { eventId: BigInt(headId), eventHash: headHash, eventCount: BigInt(headCount) }
        : null,
  };
}
