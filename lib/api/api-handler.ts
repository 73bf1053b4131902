import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { authenticateApiToken, type ApiCaller } from "@/lib/api-tokens/authenticate-api-token";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { originFromHeaders } from "@/lib/http/requester";
import { apiAllowance, apiRateLimitRule } from "./api-rate-limit";
import type { ApiInput, ApiRouteDefinition } from "./define-api-route";
import { DEFAULT_API_BODY_LIMIT, parseApiInput, readJsonBody } from "./parse-api-input";
import { problemResponse } from "./problem-response";
import { recordApiRead, recordApiRefusal } from "./record-api-read";

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
export type ApiCall = { caller: ApiCaller; request: Request; json: unknown };

export type ApiHandler<D extends ApiRouteDefinition> = (
  context: AuditContext,
  input: ApiInput<D>,
  call: ApiCall,
) => Promise<ApiResult>;

type SegmentParams = { params: Promise<Record<string, string | string[] | undefined>> };

/**
 * The Next route handler of one API route. Every call goes: the bearer token (401) → the token's
 * rate limit (429) → the permission table (403) → params, query, headers and JSON body through the
 * route's zod schemas (400 not JSON, 413 too large, 422 every problem by pointer) → the handler with
 * the token's AuditContext → JSON. Any error becomes application/problem+json (problemResponse).
 */
export function apiHandler<D extends ApiRouteDefinition>(definition: D, handler: ApiHandler<D>) {
  return async function handle(request: Request, segment?: SegmentParams): Promise<Response> {
    let rateHeaders: Headers | undefined;
    let refusalToRecord: ApiCaller | null = null;
    try {
      const rule = apiRateLimitRule();
      const caller = await authenticateApiToken(
        request.headers.get("authorization"),
        originFromHeaders(request.headers),
        rule,
      );
      const allowance = apiAllowance(rule, caller.allowance!);
      rateHeaders = allowance.headers;
      // Past the limit, only the window's first refusal is recorded (record-api-read.ts).
      refusalToRecord = allowance.refusal && caller.allowance!.count !== rule.limit + 1 ? null : caller;
      if (allowance.refusal) throw allowance.refusal;
      if (!can(caller.role, definition.permission)) {
        throw new AppError("FORBIDDEN", {
          userMessage: `The API token "${caller.name}" acts with the ${caller.role} role, which does not allow ${definition.method} /api/v1${definition.path} (needs "${definition.permission}").`,
        });
      }
      const url = new URL(request.url);
      const body = definition.body
        ? await readJsonBody(request, definition.bodyLimit ?? DEFAULT_API_BODY_LIMIT)
        : undefined;
      const [params, query, headers, parsedBody] = await parseApiInput([
        { place: "path", schema: definition.params, value: (await segment?.params) ?? {} },
        { place: "query", schema: definition.query, value: Object.fromEntries(url.searchParams) },
        { place: "header", schema: definition.headers, value: Object.fromEntries(request.headers) },
        { place: "body", schema: definition.body, value: body },
      ]);
      const input = { params, query, headers, body: parsedBody } as ApiInput<D>;
      const result = await handler(caller.context, input, { caller, request, json: body });
      if (result instanceof Response) {
        for (const [name, value] of rateHeaders) result.headers.set(name, value);
        return result;
      }
      if (definition.method === "GET" || result.read) {
        await recordApiRead(caller.context, {
          method: definition.method,
          path: url.pathname,
          agreementId: result.agreementId,
          data: url.search ? { query: url.search.slice(0, 500) } : undefined,
        });
      }
      const responseHeaders = new Headers(rateHeaders);
      for (const [name, value] of Object.entries(result.headers ?? {})) responseHeaders.set(name, value);
      responseHeaders.set("Cache-Control", "no-store");
      if (result.status === 204) return new Response(null, { status: 204, headers: responseHeaders });
      responseHeaders.set("Content-Type", "application/json");
      return new Response(JSON.stringify(result.body), { status: result.status, headers: responseHeaders });
    } catch (error) {
      const answer = problemResponse(error, rateHeaders);
      // A 5xx is this server failing, not the call refused (and with the database away, unrecordable).
      if (refusalToRecord && answer.status < 500) {
        const { code } = (await answer.clone().json()) as { code: string };
        await recordApiRefusal(refusalToRecord.context, {
          method: definition.method,
          path: new URL(request.url).pathname,
          status: answer.status,
          code,
        }).catch((failure: unknown) => console.error("The refused API call could not be audited:", failure));
      }
      return answer;
    }
  };
}
