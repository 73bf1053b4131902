import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { ERROR_MESSAGES } from "@/lib/errors/error-messages";
import { API_ROUTES } from "./api-routes";
import type { ApiRouteDefinition } from "./define-api-route";

export const API_BASE_PATH = "/api/v1";

const problemSchema = z
  .object({
    type: z.url().meta({ description: "Stable per error code: its section of /api/v1/problems." }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().meta({ description: "What went wrong in this request, for a person." }),
    code: z.enum(Object.keys(ERROR_MESSAGES) as [keyof typeof ERROR_MESSAGES, ...(keyof typeof ERROR_MESSAGES)[]]),
    errors: z
      .array(
        z.object({
          detail: z.string(),
          pointer: z.string().optional().meta({ description: "A JSON pointer into the request body." }),
          parameter: z.string().optional().meta({ description: "A path or query parameter." }),
          header: z.string().optional(),
        }),
      )
      .optional()
      .meta({ description: "Every problem of the request's input (422)." }),
  })
  .meta({
    id: "Problem",
    example: {
      type: "https://imprimatur.example.org/api/v1/problems#invalid-input",
      title: "Check your input",
      status: 422,
      detail: 'The request has a problem: see "errors".',
      code: "INVALID_INPUT",
      errors: [{ pointer: "/correspondingAuthor/email", detail: "Enter an email address like name@example.org." }],
    },
  });

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: "The body is not JSON (or not sent as application/json).",
  401: "No API token, or one that is unknown, expired or revoked.",
  403: "The token's role does not allow this.",
  404: "There is no such thing.",
  409: "Conflicts with what exists (e.g. an Idempotency-Key used with another body).",
  410: "No longer available.",
  413: "The body is larger than this endpoint accepts.",
  422: "The input has problems: each is listed in `errors`.",
  429: "The token's rate limit is spent: see Retry-After.",
  503: "Briefly unavailable: try again.",
};

const COMMON_PROBLEMS = [400, 401, 403, 422, 429];

function operationOf(route: ApiRouteDefinition): ZodOpenApiOperationObject {
  const responses: ZodOpenApiOperationObject["responses"] = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status as `2${string}`] = {
      description: response.description,
      content: response.schema
        ? { [response.contentType ?? "application/json"]: { schema: response.schema } }
        : { [response.contentType ?? "application/octet-stream"]: {} },
    };
  }
  const problems = [...new Set([...COMMON_PROBLEMS, ...(route.problems ?? [])])].sort();
  for (const status of problems) {
    if (status === 400 && !route.body) continue;
    responses[`${status}` as `4${string}`] = {
      description: PROBLEM_DESCRIPTIONS[status],
      content: { "application/problem+json": { schema: problemSchema } },
    };
  }
  const requestParams: ZodOpenApiOperationObject["requestParams"] = {};
  if (route.params) requestParams.path = route.params as never;
  if (route.query) requestParams.query = route.query as never;
  if (route.headers) requestParams.header = route.headers as never;
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: `${route.description ?? ""}\n\nPermission: \`${route.permission}\`.`.trim(),
    tags: [route.tag],
    requestParams,
    requestBody: route.body ? { required: true, content: { "application/json": { schema: route.body } } } : undefined,
    responses,
  };
}

let cached: ReturnType<typeof createDocument> | undefined;

/** The OpenAPI 3.1 document of every route in API_ROUTES, from the zod schemas that validate them. */
export function openApiDocument(serverUrl: string) {
  cached ??= build();
  return { ...cached, servers: [{ url: `${serverUrl}${API_BASE_PATH}` }] };
}

function build() {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of API_ROUTES) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operationOf(route) };
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Imprimatur REST API",
      version: "1",
      description:
        "Issue and follow publication agreements. Authenticate with an API token created at /staff/api-tokens: " +
        "`Authorization: Bearer imp_…`. Errors are application/problem+json (RFC 9457); see /api/v1/problems.",
    },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token (imp_…)." } },
    },
    paths,
  });
}
