import "server-only";
import type { IncomingHttpHeaders } from "node:http";
import type { AuditContext } from "@/lib/audit/audit-context";
import { authenticateApiToken, type ApiCaller } from "@/lib/api-tokens/authenticate-api-token";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { originFromHeaders } from "@/lib/http/origin-from-headers";
import { apiAllowance, apiRateLimitRule } from "./api-rate-limit";
import type { ApiInput, ApiRouteDefinition } from "./define-api-route";
import { DEFAULT_API_BODY_LIMIT, parseApiInput, parseJsonBody, tooLargeSentence } from "./parse-api-input";
import { problemAnswer } from "./problem-response";
import { recordApiRead, recordApiRefusal } from "./record-api-read";

/**
 * One call of the REST API as the front door hands it over (lib/http/edge/api-door.ts): node's own
 * request head, no copy into a web Request. `readBody` reads the body with a cap, refusing more
 * than `limit` bytes with PAYLOAD_TOO_LARGE.
 */
export type ApiRequest = {
  method: string;
  /** Path and query, as sent: "/api/v1/agreements?limit=1". */
  url: string;
  headers: IncomingHttpHeaders;
  readBody: (limit: number, tooLarge: string) => Promise<Uint8Array>;
};

/** What the API answers: a status, headers and a body (JSON text, or a stream for a PDF or a ZIP). */
export type ApiAnswer = {
  status: number;
  headers: Record<string, string>;
  body: string | ReadableStream<Uint8Array> | null;
};

/** What a handler answers: JSON with a status, or a ready Response (a PDF, a ZIP). */
export type ApiResult =
  | {
      status: 200 | 201 | 204;
      body?: unknown;
      headers?: Record<string, string>;
      /** The agreement a read concerned, for its audit event. */
      agreementId?: string | null;
      /** A call that changed nothing although it is not a GET (a replayed create): audit it as a read. */
      read?: boolean;
    }
  | Response;

/** `json`: the request's body as parsed JSON, before the route's schema (an idempotency hash is taken of it). */
export type ApiCall = { caller: ApiCaller; json: unknown };

export type ApiHandler<D extends ApiRouteDefinition> = (
  context: AuditContext,
  input: ApiInput<D>,
  call: ApiCall,
) => Promise<ApiResult>;

/** A route with its handler: what lib/api/served-api-routes.ts lists and the front door dispatches to. */
export type ServedApiRoute = {
  definition: ApiRouteDefinition;
  serve: (request: ApiRequest, params: Record<string, string>) => Promise<ApiAnswer>;
};

/** Reads one request header the way a web Headers object would: several values joined, absent as null. */
export function headerOf(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? null);
}

/**
 * One API route served. Every call goes: the bearer token (401) → the token's rate limit (429) →
 * the permission table (403) → params, query, headers and JSON body through the route's zod schemas
 * (400 not JSON, 413 too large, 422 every problem by pointer) → the handler with the token's
 * AuditContext → JSON. Any error becomes application/problem+json (problemAnswer).
 */
export function apiHandler<D extends ApiRouteDefinition>(definition: D, handler: ApiHandler<D>): ServedApiRoute {
  const bodyLimit = definition.bodyLimit ?? DEFAULT_API_BODY_LIMIT;
  // Once per route, not per call: the sentence formats a number for people (Intl).
  const tooLarge = tooLargeSentence(bodyLimit);
  async function serve(request: ApiRequest, params: Record<string, string>): Promise<ApiAnswer> {
    let rateHeaders: Record<string, string> | undefined;
    let refusalToRecord: ApiCaller | null = null;
    try {
      // Decided from the head alone, before the token is looked up: a declared size over the cap.
      if (definition.body && Number(request.headers["content-length"] ?? 0) > bodyLimit)
        throw new AppError("PAYLOAD_TOO_LARGE", { userMessage: tooLarge });
      const rule = apiRateLimitRule();
      const headerSource = { get: (name: string) => headerOf(request.headers, name) };
      const caller = await authenticateApiToken(
        headerOf(request.headers, "authorization"),
        originFromHeaders(headerSource),
        rule,
      );
      const allowance = apiAllowance(rule, caller.allowance!);
      rateHeaders = allowance.headers;
      // Past the limit, only the call that took the count over it is recorded (record-api-read.ts).
      refusalToRecord = allowance.refusal && caller.allowance!.count !== rule.limit + 1 ? null : caller;
      if (allowance.refusal) throw allowance.refusal;
      if (!can(caller.role, definition.permission)) {
        throw new AppError("FORBIDDEN", {
          userMessage: `The API token "${caller.name}" acts with the ${caller.role} role, which does not allow ${definition.method} /api/v1${definition.path} (needs "${definition.permission}").`,
        });
      }
      const queryAt = request.url.indexOf("?");
      const pathname = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
      const search = queryAt < 0 ? "" : request.url.slice(queryAt);
      const body = definition.body
        ? parseJsonBody(headerOf(request.headers, "content-type"), await request.readBody(bodyLimit, tooLarge))
        : undefined;
      const [parsedParams, query, headers, parsedBody] = await parseApiInput([
        { place: "path", schema: definition.params, value: params },
        {
          place: "query",
          schema: definition.query,
          value: search ? Object.fromEntries(new URLSearchParams(search)) : {},
        },
        { place: "header", schema: definition.headers, value: request.headers },
        { place: "body", schema: definition.body, value: body },
      ]);
      const input = { params: parsedParams, query, headers, body: parsedBody } as ApiInput<D>;
      const result = await handler(caller.context, input, { caller, json: body });
      if (result instanceof Response) {
        const responseHeaders: Record<string, string> = { ...rateHeaders };
        for (const [name, value] of result.headers) responseHeaders[name] = value;
        return { status: result.status, headers: responseHeaders, body: result.body };
      }
      if (definition.method === "GET" || result.read) {
        await recordApiRead(caller.context, {
          method: definition.method,
          path: pathname,
          agreementId: result.agreementId,
          data: search ? { query: search.slice(0, 500) } : undefined,
        });
      }
      const responseHeaders: Record<string, string> = {
        ...rateHeaders,
        ...result.headers,
        "Cache-Control": "no-store",
      };
      if (result.status === 204) return { status: 204, headers: responseHeaders, body: null };
      responseHeaders["Content-Type"] = "application/json";
      return { status: result.status, headers: responseHeaders, body: JSON.stringify(result.body) };
    } catch (error) {
      const answer = problemAnswer(error, rateHeaders);
      // A 5xx is this server failing, not the call refused (and with the database away, unrecordable).
      if (refusalToRecord && answer.status < 500) {
        const queryAt = request.url.indexOf("?");
        await recordApiRefusal(refusalToRecord.context, {
          method: definition.method,
          path: queryAt < 0 ? request.url : request.url.slice(0, queryAt),
          status: answer.status,
          code: answer.code,
        }).catch((failure: unknown) => console.error("The refused API call could not be audited:", failure));
      }
      return answer;
    }
  }
  return { definition, serve };
}
