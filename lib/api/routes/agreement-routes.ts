import { z } from "zod";
import { AGREEMENT_FLAGS, MAX_SEARCH_LENGTH } from "@/lib/agreements/search/agreement-query";
import { AGREEMENT_STATUSES } from "@/lib/agreements/agreement-states";
import { defineApiRoute } from "../define-api-route";
import {
  agreementIdParams,
  agreementPage,
  agreementResource,
  agreementWithEvents,
  batchAgreementsBody,
  batchResult,
  createAgreementBody,
  idempotencyHeaders,
} from "../agreements/agreement-schemas";

export const createAgreementRoute = defineApiRoute({
  method: "POST",
  path: "/agreements",
  operationId: "createAgreement",
  tag: "Agreements",
  permission: "agreements.issue",
  summary: "Issue one agreement",
  description:
    "Freezes the agreement text and emails the corresponding author a signing link, as the staff issue form does. " +
    "Send an Idempotency-Key to make retries safe.",
  headers: idempotencyHeaders,
  body: createAgreementBody,
  responses: {
    201: {
      description:
        "The agreement (also when an Idempotency-Key replays an earlier request: Idempotent-Replayed: true).",
      schema: agreementResource,
    },
  },
  problems: [409],
});

// Up to 5,000 agreements as JSON.
const BATCH_BODY_LIMIT = 16 * 1024 * 1024;

export const batchAgreementsRoute = defineApiRoute({
  method: "POST",
  path: "/agreements/batch",
  operationId: "createAgreementsBatch",
  tag: "Agreements",
  permission: "agreements.issue",
  summary: "Issue up to 5,000 agreements at once",
  description:
    "All rows are checked first: any problem refuses the whole batch (422, each problem at /rows/<index>/<field>). " +
    "Then every row is issued in one transaction. Papers the volume already has are skipped and listed.",
  body: batchAgreementsBody,
  bodyLimit: BATCH_BODY_LIMIT,
  responses: { 200: { description: "Which row became which agreement, and which were skipped.", schema: batchResult } },
  problems: [413],
});

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Give a date as YYYY-MM-DD.")
  .refine((value) => !Number.isNaN(Date.parse(value)), "Not a calendar date.")
  .transform((value) => new Date(`${value}T00:00:00.000Z`))
  .optional();

export const listAgreementsQuery = z.object({
  q: z.string().max(MAX_SEARCH_LENGTH).optional().meta({ description: "Free text: title, authors, emails, paper id." }),
  status: z.enum(AGREEMENT_STATUSES).optional(),
  volume: z.string().max(100).optional().meta({ description: "A volume's id." }),
  flag: z.enum(AGREEMENT_FLAGS).optional(),
  choice: z
    .string()
    .regex(
      /^[a-z][a-z0-9_]{0,39}:[a-z0-9][a-z0-9._-]{0,39}$/,
      "Give a choice as <key>:<value>, e.g. licence:cc-by-4.0.",
    )
    .optional(),
  issuedFrom: day,
  issuedTo: day,
  signedFrom: day,
  signedTo: day,
  dir: z
    .enum(["asc", "desc"])
    .default("desc")
    .meta({ description: "By issue time: newest first (desc) or oldest first." }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional().meta({ description: "The previous page's `next`." }),
});

export const listAgreementsRoute = defineApiRoute({
  method: "GET",
  path: "/agreements",
  operationId: "listAgreements",
  tag: "Agreements",
  permission: "agreements.view",
  summary: "List and search agreements",
  description: "The staff list's filters, newest first, a page at a time: follow `next` until it is null.",
  query: listAgreementsQuery,
  responses: { 200: { description: "One page.", schema: agreementPage } },
});

export const getAgreementRoute = defineApiRoute({
  method: "GET",
  path: "/agreements/{id}",
  operationId: "getAgreement",
  tag: "Agreements",
  permission: "agreements.view",
  summary: "One agreement with its events",
  params: agreementIdParams,
  responses: { 200: { description: "The agreement and its audit events.", schema: agreementWithEvents } },
  problems: [404],
});
