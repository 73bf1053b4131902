import type { IncomingMessage, ServerResponse } from "node:http";

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;
type AnswerApiCall = typeof import("../../api/serve-api").answerApiCall;

// Pages about the API that Next renders (the OpenAPI document, its reference, the problem types).
const NEXT_PAGES = new Set(["/api/v1/openapi.json", "/api/v1/reference", "/api/v1/problems"]);

/** Whether a path is a REST API call, answered here rather than by Next. */
export function isApiCall(pathname: string): boolean {
  return pathname.startsWith("/api/v1/") && !NEXT_PAGES.has(pathname);
}

let api: Promise<AnswerApiCall> | undefined;

// The API's code (zod, lib/api, Prisma's client) is loaded at its first call, not at start: the web
// server's bundle leaves this import out and loads .next/imprimatur-api.mjs here
// (scripts/start/web-server.ts), so a server that never serves the API never holds it.
// Everything the API does, reading the body included, is done in its bundle: an AppError made here would
// be another bundle's class, which the API's describeError does not know.
function loadApi(): Promise<AnswerApiCall> {
  api ??= import("../../api/serve-api").then((module) => module.answerApiCall);
  return api;
}

/**
 * Every REST API call (lib/api/api-routes.ts) is answered in the front door, without Next
 * (lib/api/serve-api.ts answerApiCall). Next cost ~1.6 ms of routing and web streams a call, a third
 * of the server's time for a create.
 */
export function withApiDoor(handle: Handler): Handler {
  return async (request, response) => {
    const url = request.url ?? "/";
    const queryAt = url.indexOf("?");
    if (!isApiCall(queryAt < 0 ? url : url.slice(0, queryAt))) return handle(request, response);
    const answerApiCall = await loadApi();
    return answerApiCall(request, response);
  };
}
