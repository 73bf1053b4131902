import pg from "pg";
import { issueAgreement } from "../../lib/agreements/issue-agreement";
import { issueAgreementInput } from "../../lib/agreements/issue-agreement-input";
import { chainHash, type AuditEventContent } from "../../lib/audit/canonical-event";
import { staffAddressContext } from "../../lib/audit/audit-context";

// Seeds a large, realistic archive straight in SQL (one INSERT … SELECT generate_series per table),
// because issuing 100,000 agreements one by one would take the whole bench budget. The audit
// events are hashed here in order, so the seeded chain verifies like a real one.

export const BENCH_VOLUMES = 10;
const FIRST = [
  "Ada",
  "Zhang",
  "Maria",
  "Olusegun",
  "Priya",
  "Lars",
  "Fatima",
  "Kenji",
  "Sofia",
  "Mateo",
  "Aisha",
  "Dmitri",
  "Chloé",
  "Rahul",
  "Ingrid",
  "Kwame",
  "Yuki",
  "Elena",
  "Omar",
  "Hannah",
  "José",
  "Mei",
  "Tomasz",
  "Leila",
];
const LAST = [
  "Lovelace",
  "Haoyang",
  "Okafor",
  "García",
  "Nakamura",
  "Schmidt",
  "Haddad",
  "Kowalski",
  "Novak",
  "Rossi",
  "Ivanova",
  "Mensah",
  "Lindqvist",
  "Sharma",
  "Dubois",
  "Takahashi",
  "Moreau",
  "Hassan",
  "Fischer",
  "Silva",
  "Chen",
  "Petrov",
  "Andersen",
  "Kaur",
  "Murphy",
  "Tanaka",
  "Costa",
];
const WORDS = [
  "Learning",
  "Robust",
  "Sparse",
  "Graph",
  "Neural",
  "Bayesian",
  "Optimal",
  "Transport",
  "Diffusion",
  "Attention",
  "Causal",
  "Inference",
  "Kernel",
  "Bandits",
  "Federated",
  "Private",
  "Scalable",
  "Contrastive",
  "Reinforcement",
  "Equivariant",
  "Networks",
  "Models",
  "Policies",
  "Estimation",
  "Generalization",
  "Quantization",
  "Adversarial",
  "Meta",
  "Online",
  "Convex",
];

const arr = (values: string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]`;
const pick = (values: string[], expr: string) => `(${arr(values)})[1 + (${expr}) % ${values.length}]`;

async function issueOneAgreement() {
  const input = issueAgreementInput.parse({
    proceedings: "Bench template volume",
    articleTitle: "The agreement whose template the seed reuses",
    correspondingAuthorName: "Zhang Haoyang",
    correspondingAuthorEmail: "template@example.org",
    authors: "Zhang Haoyang",
  });
  await issueAgreement(staffAddressContext("bench@example.org", { ip: null, userAgent: null }), input);
}

/** Inserts `count` agreements over 10 volumes with links, invitations, sealed documents and audit events. */
export async function seedAgreements(client: pg.Client, count: number) {
  // The seed reuses the template of an agreement issued through the product, issuing one if need be.
  if ((await client.query(`SELECT 1 FROM "TemplateVersion" LIMIT 1`)).rowCount === 0) await issueOneAgreement();
  const template = await client.query(`SELECT id FROM "TemplateVersion" ORDER BY "createdAt" LIMIT 1`);
  const templateId: string = template.rows[0].id;
  await client.query(`
    INSERT INTO "Proceedings" (id, name, "shortName", "publisherName")
    SELECT 'benchvol-' || v, 'Bench Proceedings vol. ' || (200 + v) || ', Conference ' || (2016 + v), 'BENCH' || v, 'Bench Publishing'
    FROM generate_series(1, ${BENCH_VOLUMES}) v`);
  const first = pick(FIRST, "g");
  const last = pick(LAST, "g / 7");
  // A deterministic mix: 45% signed, 25% sent, 12% viewed, 6% declined, 6% expired, 6% voided.
  await client.query(
    `
    INSERT INTO "Agreement" (id, status, "proceedingsId", "paperId", "templateVersionId", "articleTitle", "correspondingAuthorName", "correspondingAuthorEmail",
      authors, "publisherName", text, "textSha256", "issuedAt", "viewedAt", "signedAt", "signatureName", "signerIp", "signerUserAgent",
      "declinedAt", "declineReason", "voidedAt", "voidReason", "publishedAt", "sealStatus", "sealError", "updatedAt")
    SELECT 'bench-' || g, s.status::"AgreementStatus", 'benchvol-' || (1 + g % ${BENCH_VOLUMES}), 'P' || g, $1,
      t.title, n.name, lower(n.email), ARRAY[n.name, ${pick(FIRST, "g + 5")} || ' ' || ${pick(LAST, "g + 3")}], 'Bench Publishing',
      'Publication agreement for “' || t.title || '” by ' || n.name, encode(sha256(convert_to('text ' || g, 'UTF8')), 'hex'),
      i.at, CASE WHEN s.status IN ('viewed', 'signed', 'declined') THEN i.at + interval '5 hours' END,
      CASE WHEN s.status = 'signed' THEN i.at + make_interval(days => g % 14, hours => 6) END,
      CASE WHEN s.status <> 'signed' THEN NULL WHEN g % 20 = 0 THEN 'Somebody Else' WHEN g % 3 = 0 THEN ${last} || ' ' || ${first} ELSE n.name END,
      CASE WHEN s.status = 'signed' THEN '198.51.100.' || (g % 250) END, CASE WHEN s.status = 'signed' THEN 'Mozilla/5.0 (bench)' END,
      CASE WHEN s.status = 'declined' THEN i.at + interval '1 day' END, CASE WHEN s.status = 'declined' THEN 'Rights already transferred' END,
      CASE WHEN s.status = 'voided' THEN i.at + interval '2 days' END, CASE WHEN s.status = 'voided' THEN 'Paper withdrawn' END,
      CASE WHEN s.status = 'signed' AND g % 3 = 1 THEN i.at + interval '60 days' END,
      CASE WHEN s.status <> 'signed' THEN NULL WHEN g % 97 = 0 THEN 'failed' ELSE 'sealed' END::"SealStatus",
      CASE WHEN s.status = 'signed' AND g % 97 = 0 THEN 'certificate store unavailable' END,
      (now() AT TIME ZONE 'UTC')
    FROM generate_series(1, $2::int) g
    CROSS JOIN LATERAL (SELECT CASE WHEN g % 100 < 45 THEN 'signed' WHEN g % 100 < 70 THEN 'sent' WHEN g % 100 < 82 THEN 'viewed'
      WHEN g % 100 < 88 THEN 'declined' WHEN g % 100 < 94 THEN 'expired' ELSE 'voided' END AS status) s
    CROSS JOIN LATERAL (SELECT ${first} || ' ' || ${last} AS name, ${first} || '.' || ${last} || g || '@univ' || (g % 300) || '.example' AS email) n
    CROSS JOIN LATERAL (SELECT ${pick(WORDS, "g")} || ' ' || ${pick(WORDS, "g / 3")} || ' for ' || ${pick(WORDS, "g / 11")} || ' ' || ${pick(WORDS, "g / 29")} || ' ' || g AS title) t
    CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE 'UTC') - make_interval(secs => ($2::int - g) * 600.0 + 3600) AS at) i`,
    [templateId, count],
  );
  await client.query(`
    INSERT INTO "SignedDocument" ("agreementId", pdf, sha256, "sizeBytes", "sealedAt")
    SELECT id, convert_to(id, 'UTF8'), encode(sha256(convert_to('pdf ' || id, 'UTF8')), 'hex'), 80000, "signedAt" + interval '1 second'
    FROM "Agreement" WHERE id LIKE 'bench-%' AND "sealStatus" = 'sealed'`);
  await client.query(`
    INSERT INTO "SigningLink" (id, "agreementId", "tokenHash", "expiresAt", "usedAt", "createdAt")
    SELECT 'link-' || id, id, encode(sha256(convert_to('link ' || id, 'UTF8')), 'hex'), "issuedAt" + interval '30 days', "signedAt", "issuedAt"
    FROM "Agreement" WHERE id LIKE 'bench-%'`);
  // One invitation each; about 1% bounced.
  await client.query(`
    INSERT INTO "EmailMessage" (id, "agreementId", kind, "to", subject, text, html, status, attempts, "lastError", "sentAt", "createdAt")
    SELECT 'mail-' || id, id, 'invitation', "correspondingAuthorEmail", 'Publication agreement', 'Please sign', '<p>Please sign</p>',
      (CASE WHEN right(id, 2) = '13' THEN 'failed' ELSE 'sent' END)::"EmailStatus", 1,
      CASE WHEN right(id, 2) = '13' THEN '550 5.1.1 mailbox unavailable' END, CASE WHEN right(id, 2) <> '13' THEN "issuedAt" + interval '2 seconds' END, "issuedAt"
    FROM "Agreement" WHERE id LIKE 'bench-%'`);
  const events = await seedAuditEvents(client);
  // No ANALYZE here: like a bulk import, the seed relies on what the product does after one.
  return { agreements: count, events };
}

const AUDIT_CHAIN_LOCK = 7_310_001;
type Moment = {
  agreementId: string;
  type: string;
  actor: string;
  at: number;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown>;
};

async function seedAuditEvents(client: pg.Client): Promise<number> {
  const { rows } = await client.query(`
    SELECT a.id, a."correspondingAuthorEmail" AS email, a."textSha256", a."signatureName", a."signerIp", a."signerUserAgent", sd.sha256 AS "pdfSha256",
      ${["issuedAt", "viewedAt", "signedAt", "declinedAt", "voidedAt"].map((c) => `(extract(epoch FROM a."${c}") * 1000)::bigint AS "${c}"`).join(", ")}
    FROM "Agreement" a LEFT JOIN "SignedDocument" sd ON sd."agreementId" = a.id WHERE a.id LIKE 'bench-%'`);
  const moments: Moment[] = [];
  for (const a of rows) {
    const author = `author:${a.email}`;
    const at = (value: string | null) => Number(value);
    moments.push({
      agreementId: a.id,
      type: "agreement.issued",
      actor: "staff:bench@example.org",
      at: at(a.issuedAt),
      ip: "203.0.113.10",
      userAgent: "Mozilla/5.0 (staff)",
      data: { textSha256: a.textSha256 },
    });
    moments.push({
      agreementId: a.id,
      type: "email.sent",
      actor: "system",
      at: at(a.issuedAt) + 2000,
      ip: null,
      userAgent: null,
      data: { kind: "invitation", to: a.email },
    });
    if (a.viewedAt)
      moments.push({
        agreementId: a.id,
        type: "agreement.viewed",
        actor: author,
        at: at(a.viewedAt),
        ip: a.signerIp ?? "198.51.100.1",
        userAgent: "Mozilla/5.0 (bench)",
        data: {},
      });
    if (a.signedAt)
      moments.push({
        agreementId: a.id,
        type: "agreement.signed",
        actor: author,
        at: at(a.signedAt),
        ip: a.signerIp,
        userAgent: a.signerUserAgent,
        data: { typedName: a.signatureName, textSha256: a.textSha256 },
      });
    if (a.pdfSha256)
      moments.push({
        agreementId: a.id,
        type: "agreement.sealed",
        actor: "system",
        at: at(a.signedAt) + 1000,
        ip: null,
        userAgent: null,
        data: { sha256: a.pdfSha256 },
      });
    if (a.declinedAt)
      moments.push({
        agreementId: a.id,
        type: "agreement.declined",
        actor: author,
        at: at(a.declinedAt),
        ip: "198.51.100.2",
        userAgent: "Mozilla/5.0 (bench)",
        data: {},
      });
    if (a.voidedAt)
      moments.push({
        agreementId: a.id,
        type: "agreement.voided",
        actor: "staff:bench@example.org",
        at: at(a.voidedAt),
        ip: "203.0.113.10",
        userAgent: "Mozilla/5.0 (staff)",
        data: { reason: "Paper withdrawn" },
      });
  }
  moments.sort((x, y) => x.at - y.at);
  await client.query("BEGIN");
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    let prevHash: string =
      (await client.query(`SELECT hash FROM "AuditEvent" ORDER BY id DESC LIMIT 1`)).rows[0]?.hash ?? "0".repeat(64);
    for (let start = 0; start < moments.length; start += 10_000) {
      const batch = moments.slice(start, start + 10_000).map((m) => {
        const content: AuditEventContent = {
          agreementId: m.agreementId,
          type: m.type,
          actor: m.actor,
          occurredAt: new Date(m.at),
          ip: m.ip,
          userAgent: m.userAgent,
          data: m.data,
        };
        const hash = chainHash(prevHash, content);
        const row = [
          m.agreementId,
          m.type,
          m.actor,
          content.occurredAt.toISOString(),
          m.ip,
          m.userAgent,
          JSON.stringify(m.data),
          prevHash,
          hash,
        ];
        prevHash = hash;
        return row;
      });
      const columns = batch[0].map((_, i) => batch.map((row) => row[i]));
      await client.query(
        `INSERT INTO "AuditEvent" ("agreementId", type, actor, "occurredAt", ip, "userAgent", data, "prevHash", hash)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp[], $5::text[], $6::text[], $7::jsonb[], $8::text[], $9::text[])`,
        columns,
      );
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
  return moments.length;
}
