import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";

export type ApiMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A success answer of a route, as the OpenAPI document describes it. */
export type ApiSuccessResponse = {
  description: string;
  /** The JSON body's schema; omitted for a body that is not JSON (give contentType then). */
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
  headers?: Record<string, { description: string; schema: z.ZodType }>;
};

/** HTTP statuses a route may answer with a problem besides the ones every route can (400 401 403 422 429). */
export type ApiProblemStatus = 404 | 409 | 410 | 413 | 503;

/**
 * One REST API route: what it is, who may call it and the zod schemas of its input. The same
 * definition validates requests (apiHandler) and describes the route (the OpenAPI document), so the
 * two cannot disagree. Every definition is listed once in lib/api/api-routes.ts.
 */
export type ApiRouteDefinition<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  H extends z.ZodType = z.ZodType,
> = {
  method: ApiMethod;
  /** Below /api/v1, OpenAPI-style: "/agreements/{id}". */
  path: `/${string}`;
  operationId: string;
  permission: Permission;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Request headers the route reads (e.g. Idempotency-Key), as a z.object of lower-case names. */
  headers?: H;
  /** The largest body accepted, in bytes (default 64 KB). */
  bodyLimit?: number;
  responses: Partial<Record<200 | 201 | 204, ApiSuccessResponse>>;
  problems?: ApiProblemStatus[];
};

export type ApiInput<D extends ApiRouteDefinition> = {
  params: Parsed<D["params"]>;
  query: Parsed<D["query"]>;
  body: Parsed<D["body"]>;
  headers: Parsed<D["headers"]>;
};

type Parsed<S> = NonNullable<S> extends z.ZodType ? z.output<NonNullable<S>> : undefined;

export function defineApiRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, H extends z.ZodType>(
  definition: ApiRouteDefinition<P, Q, B, H>,
): ApiRouteDefinition<P, Q, B, H> {
  return definition;
}
