import { z } from "zod";
import { MAX_AUTHORS, issueAgreementInput } from "@/lib/agreements/issue-agreement-input";
import { AGREEMENT_STATUSES } from "@/lib/agreements/agreement-states";
import { apiContext } from "@/lib/audit/audit-context";
import { singleLineText } from "@/lib/text/user-text";
import { formatCount } from "@/lib/text/format-count";

// The REST API's agreement shapes. Requests are checked by the issue form's own schema
// (issueAgreementInput), reached through a mapping of the API's field names, so the API and the
// form refuse the same things in the same words; problems are reported at the API's field names.

const NO_ORIGIN = { ip: null, userAgent: null };

const FORM_TO_API_PATH: Record<string, (string | number)[]> = {
  proceedings: ["volume"],
  articleTitle: ["title"],
  correspondingAuthorName: ["correspondingAuthor", "name"],
  correspondingAuthorEmail: ["correspondingAuthor", "email"],
  authors: ["authors"],
};

const EXAMPLE_AGREEMENT_REQUEST = {
  volume: "PMLR 301: ICML 2026",
  paperId: "1187",
  title: "Sparse Attention Without Regret",
  authors: ["Ada Lovelace <ada@example.org>", "Émilie du Châtelet"],
  correspondingAuthor: { name: "Ada Lovelace", email: "ada@example.org" },
};

const authorEntry = z
  .string()
  .max(500, "Each author must be at most 500 characters.")
  .meta({ description: 'An author: "Name" or "Name <email>".', example: "Ada Lovelace <ada@example.org>" });

export const paperIdField = singleLineText("Paper ID", 100, { required: "Paper ID is required." }).meta({
  description: "The paper's id in the volume (unique per volume).",
  example: "1187",
});

/** One agreement as sent to the API, before the form's checks. */
export const agreementRequestFields = z.object({
  volume: z.string().meta({ description: "The volume (proceedings) name; created when new.", example: "PMLR 301" }),
  paperId: paperIdField.optional(),
  title: z.string().meta({ description: "The article's title.", example: "Sparse Attention Without Regret" }),
  authors: z
    .array(authorEntry)
    .min(1, "List every author.")
    .max(MAX_AUTHORS, `List at most ${MAX_AUTHORS} authors.`)
    .meta({ description: "Every author in order, the corresponding author among them." }),
  correspondingAuthor: z.object({
    name: z.string().meta({ example: "Ada Lovelace" }),
    email: z.string().meta({ example: "ada@example.org" }),
  }),
});

type AgreementRequestFields = z.output<typeof agreementRequestFields>;
type FormIssue = { path: (string | number)[]; message: string };

/** The request checked by the issue form's schema, each problem placed at the API's name for its field. */
function checkedByIssueForm(body: AgreementRequestFields) {
  // The form takes one author per line, so a line break inside an entry would make two authors.
  const issues: FormIssue[] = body.authors.flatMap((author, index) =>
    LINE_BREAK.test(author)
      ? [{ path: ["authors", index], message: "One author per entry: an author cannot contain a line break." }]
      : [],
  );
  const parsed = issueAgreementInput.safeParse({
    proceedings: body.volume,
    articleTitle: body.title,
    correspondingAuthorName: body.correspondingAuthor.name,
    correspondingAuthorEmail: body.correspondingAuthor.email,
    authors: body.authors.map((author) => author.replace(LINE_BREAKS, " ")).join("\n"),
  });
  if (!parsed.success) {
    for (const {
      path: [first, ...rest],
      message,
    } of parsed.error.issues) {
      const path = [...(FORM_TO_API_PATH[String(first)] ?? []), ...rest.map((part) => part as string | number)];
      issues.push({ path, message });
    }
  }
  if (!parsed.success || issues.length > 0) return { data: null, issues };
  return { data: { ...parsed.data, paperId: body.paperId ?? null }, issues };
}

const LINE_BREAK = /[\r\n\u2028\u2029]/;
const LINE_BREAKS = /[\r\n\u2028\u2029]+/g;

export const createAgreementBody = agreementRequestFields
  .transform((body, context) => {
    const { data, issues } = checkedByIssueForm(body);
    for (const { path, message } of issues) context.issues.push({ code: "custom", message, path, input: body });
    return data ?? z.NEVER;
  })
  .meta({ id: "CreateAgreementRequest", example: EXAMPLE_AGREEMENT_REQUEST });

export type CreateAgreementRequest = z.output<typeof createAgreementBody>;

export const MAX_BATCH_ROWS = 5000;

const EXAMPLE_ROW = {
  paperId: EXAMPLE_AGREEMENT_REQUEST.paperId,
  title: EXAMPLE_AGREEMENT_REQUEST.title,
  authors: EXAMPLE_AGREEMENT_REQUEST.authors,
  correspondingAuthor: EXAMPLE_AGREEMENT_REQUEST.correspondingAuthor,
};

export const batchAgreementsBody = z
  .object({
    volume: z
      .string()
      .meta({ description: "The volume every row is issued in; created when new.", example: "PMLR 301" }),
    rows: z
      .array(
        agreementRequestFields
          .omit({ volume: true })
          .extend({ paperId: paperIdField })
          .meta({ description: "One paper; the paper id is required so that a repeated batch issues nothing twice." }),
      )
      .min(1, "Send at least one row.")
      .max(MAX_BATCH_ROWS, `Send at most ${formatCount(MAX_BATCH_ROWS)} rows per request; split the rest.`),
  })
  .transform(({ volume, rows }, context) => {
    const checked = [];
    const firstIndexOf = new Map<string, number>();
    for (const [index, row] of rows.entries()) {
      const { data, issues } = checkedByIssueForm({ ...row, volume });
      for (const { path, message } of issues) {
        // The volume is the same for every row: its problems are reported once, at /volume.
        if (path[0] === "volume" && index > 0) continue;
        const at = path[0] === "volume" ? path : ["rows", index, ...path];
        context.issues.push({ code: "custom", message, path: at, input: row });
      }
      const first = firstIndexOf.get(row.paperId);
      if (first !== undefined) {
        const message = `Paper ${row.paperId} appears again: it is already row ${first}.`;
        context.issues.push({ code: "custom", message, path: ["rows", index, "paperId"], input: row });
      } else firstIndexOf.set(row.paperId, index);
      if (data) checked.push({ ...data, paperId: row.paperId });
    }
    return checked.length === rows.length ? { volume: checked[0].proceedings, rows: checked } : z.NEVER;
  })
  .meta({ id: "BatchAgreementsRequest", example: { volume: EXAMPLE_AGREEMENT_REQUEST.volume, rows: [EXAMPLE_ROW] } });

export type BatchAgreementsRequest = z.output<typeof batchAgreementsBody>;

const isoTime = z.iso.datetime().meta({ example: "2026-11-30T20:15:00.000Z" });

const authorOut = z.object({
  name: z.string(),
  email: z.string().nullable().meta({ description: "null when not known." }),
});

export const agreementResource = z
  .object({
    id: z.string(),
    status: z.enum(AGREEMENT_STATUSES),
    volume: z.object({ id: z.string(), name: z.string() }),
    paperId: z.string().nullable(),
    title: z.string(),
    authors: z.array(authorOut),
    correspondingAuthor: z.object({ name: z.string(), email: z.string() }),
    issuedAt: isoTime,
    signedAt: isoTime.nullable(),
    textSha256: z.string().meta({ description: "SHA-256 (hex) of the agreement text as issued." }),
  })
  .meta({
    id: "Agreement",
    example: {
      id: "cmid8k3l70001qz0g2x5v9h1a",
      status: "sent",
      volume: { id: "cmid8k3kz0000qz0gm3a7c2d1", name: "PMLR 301: ICML 2026" },
      paperId: "1187",
      title: "Sparse Attention Without Regret",
      authors: [
        { name: "Ada Lovelace", email: "ada@example.org" },
        { name: "Émilie du Châtelet", email: null },
      ],
      correspondingAuthor: { name: "Ada Lovelace", email: "ada@example.org" },
      issuedAt: "2026-11-30T20:15:00.000Z",
      signedAt: null,
      textSha256: "5f2b8e3c9a1d4f6e7b0c2a9d8e1f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c",
    },
  });

export type AgreementResource = z.output<typeof agreementResource>;

export const agreementEvent = z.object({
  type: z.string().meta({ example: "agreement.issued" }),
  actor: z.string().meta({ example: apiContext({ name: "OpenReview sync", ownerId: "" }, NO_ORIGIN).actor }),
  occurredAt: isoTime,
  data: z.record(z.string(), z.unknown()),
});

export const agreementWithEvents = agreementResource
  .extend({
    events: z.array(agreementEvent).meta({ description: "Every audit event of the agreement, oldest first." }),
  })
  .meta({ id: "AgreementWithEvents" });

export const agreementPage = z
  .object({
    agreements: z.array(agreementResource),
    next: z.string().nullable().meta({
      description: "Pass as `cursor` for the next page; null on the last page.",
      example: "eyJ0IjoiMjAyNi0xMS0zMFQyMDoxNTowMC4wMDBaIn0",
    }),
  })
  .meta({ id: "AgreementPage" });

export const batchResult = z
  .object({
    issued: z.number().int(),
    skipped: z.number().int(),
    agreements: z.array(z.object({ index: z.number().int(), id: z.string(), paperId: z.string() })),
    skippedRows: z
      .array(z.object({ index: z.number().int(), paperId: z.string(), reason: z.string() }))
      .meta({ description: "Rows not issued: the volume already has an agreement for the paper." }),
  })
  .meta({
    id: "BatchResult",
    example: {
      issued: 1,
      skipped: 1,
      agreements: [{ index: 0, id: "cmid8k3l70001qz0g2x5v9h1a", paperId: "1187" }],
      skippedRows: [{ index: 1, paperId: "1188", reason: "The volume already has an agreement for this paper." }],
    },
  });

export const agreementIdParams = z.object({
  id: z.string().min(1).max(100).meta({ description: "The agreement's id.", example: "cmid8k3l70001qz0g2x5v9h1a" }),
});

/**
 * How long an Idempotency-Key is remembered (lib/api/agreements/forget-old-idempotency-keys.ts). A
 * client retries within minutes or, after an outage of its own, days; a week covers both (Stripe
 * keeps keys for a day). After that the key is free: the same key and body make a new agreement,
 * unless the body names a paper the volume already has an agreement for (409, as for any create).
 */
export const IDEMPOTENCY_KEY_DAYS = 7;

export const idempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .min(1, "An Idempotency-Key must not be empty.")
    .max(255, "An Idempotency-Key must be at most 255 characters.")
    .regex(/^[\x21-\x7e]+$/, "An Idempotency-Key is printable ASCII without spaces (a UUID, say).")
    .optional()
    .meta({
      description:
        "Any unique string (a UUID). The same key and body return the same agreement; another body is a 409. " +
        `A key is remembered for ${IDEMPOTENCY_KEY_DAYS} days, then forgotten.`,
      example: "6f1c2f0e-3b7a-4c55-9a43-0c1e2d3f4a5b",
    }),
});
