import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { AppError } from "@/lib/errors/app-error";
import { leaveBodyUnread } from "@/lib/http/edge/leave-body-unread";
import { readLimitedNodeBody } from "@/lib/http/read-limited-body";
import type { ApiAnswer, ApiRequest, ServedApiRoute } from "./api-handler";
import { problemAnswer } from "./problem-response";
import { SERVED_API_ROUTES } from "./served-api-routes";

export type { ApiAnswer, ApiRequest } from "./api-handler";

const API_PREFIX = "/api/v1";

/** One path of the API ("/agreements/{id}") with the routes served at it, by method. */
type ApiPath = { pattern: RegExp; names: string[]; literals: number; byMethod: Map<string, ServedApiRoute> };

/**
 * The REST API's dispatch: method + path → the route's handler (apiHandler). Loaded by the front
 * door at the first /api/v1 call (lib/http/edge/api-door.ts), bundled apart from it so the API's code
 * (zod, lib/api, Prisma's client) is not loaded at every start. A path with a fixed segment wins over
 * a parameter at the same place ("/agreements/batch" over "/agreements/{id}"), as Next's folders did.
 *
 * Written here rather than with a router library: the path is chosen before the method, so that
 * `GET /agreements/batch` is a 405 (POST only) as it was under Next, not "no agreement batch"; the
 * kept routers (find-my-way, tried) keep a tree per method and match it to `/agreements/{id}`, and
 * also take `/agreements/` for an empty id. The paths are the OpenAPI templates of API_ROUTES.
 */
export function apiDispatcher(routes: readonly ServedApiRoute[]) {
  const byPath = new Map<string, ApiPath>();
  for (const route of routes) {
    const { path, method } = route.definition;
    let entry = byPath.get(path);
    if (!entry) {
      const names: string[] = [];
      const segments = path.split("/").slice(1);
      const source = segments
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (!param) return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
          names.push(param[1]);
          return "/([^/]+)";
        })
        .join("");
      entry = {
        pattern: new RegExp(`^${source}$`),
        names,
        literals: segments.length - names.length,
        byMethod: new Map(),
      };
      byPath.set(path, entry);
    }
    if (entry.byMethod.has(method)) throw new Error(`${method} /api/v1${path} is served twice.`);
    entry.byMethod.set(method, route);
  }
  const paths = [...byPath.values()].sort((a, b) => b.literals - a.literals);

  return function serveApi(request: ApiRequest): Promise<ApiAnswer> | ApiAnswer {
    const queryAt = request.url.indexOf("?");
    const pathname = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
    const below = pathname.startsWith(`${API_PREFIX}/`) ? pathname.slice(API_PREFIX.length) : null;
    for (const entry of below === null ? [] : paths) {
      const match = entry.pattern.exec(below!);
      if (!match) continue;
      const params: Record<string, string> = {};
      try {
        entry.names.forEach((name, index) => (params[name] = decodeURIComponent(match[index + 1])));
      } catch {
        break;
      }
      // HEAD is GET without the body (node's response leaves the body out by itself).
      const route = entry.byMethod.get(request.method === "HEAD" ? "GET" : request.method);
      if (route) return route.serve(request, params);
      const allow = [...entry.byMethod.keys()].join(", ");
      if (request.method === "OPTIONS") return { status: 204, headers: { Allow: allow }, body: null };
      const answer = problemAnswer(
        new AppError("METHOD_NOT_ALLOWED", {
          userMessage: `${request.method} is not a method of ${pathname.slice(0, 200)}: it accepts ${allow}.`,
        }),
      );
      answer.headers.Allow = allow;
      return answer;
    }
    return problemAnswer(
      new AppError("NOT_FOUND", {
        userMessage: `The REST API has no ${pathname.slice(0, 200)}: see ${API_PREFIX}/openapi.json for its paths.`,
      }),
    );
  };
}

export const serveApi = apiDispatcher(SERVED_API_ROUTES);

/**
 * The front door's entry into the API (bundled as .next/imprimatur-api.mjs): node's request goes to
 * the route's handler as it is (its head; its body read with the route's cap) and the answer is
 * written straight to node's response, a PDF or a ZIP streamed, with no web Request or Response.
 */
export async function answerApiCall(request: IncomingMessage, response: ServerResponse): Promise<void> {
  // The front door leaves `Expect: 100-continue` to us: the client sends the body once asked for it.
  const expectsContinue = /^100-continue$/i.test(request.headers.expect ?? "");
  const answer = await serveApi({
    method: request.method ?? "GET",
    url: request.url ?? "/",
    headers: request.headers,
    readBody(limit, tooLarge) {
      if (expectsContinue) response.writeContinue();
      return readLimitedNodeBody(request, limit, tooLarge);
    },
  });
  if (!request.complete) leaveBodyUnread(request, response);
  response.writeHead(answer.status, answer.headers);
  if (answer.body === null || typeof answer.body === "string") return void response.end(answer.body ?? undefined);
  await pipeline(Readable.fromWeb(answer.body as NodeReadableStream<Uint8Array>), response);
}
