import type { ServedApiRoute } from "@/lib/api/api-handler";
import { staffContext } from "@/lib/audit/audit-context";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { db } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { readLimitedBody } from "@/lib/http/read-limited-body";

let serial = 0;

/** A staff member of `role` and an API token of theirs with the same role: what an integrator holds. */
export async function apiTokenFor(role: StaffRole, name = `integration ${role}`) {
  serial += 1;
  const unique = `${process.pid}-${Date.now()}-${serial}`;
  const user = await db.user.create({ data: { email: `api.owner.${unique}@example.org`, role } });
  const context = staffContext(user, { ip: "203.0.113.20", userAgent: "Mozilla/5.0 (staff)" });
  const { token, secret } = await createApiToken(context, { name: `${name} ${unique}`, role, expiresAt: null });
  return { token, secret, user };
}

/**
 * Calls one served route (lib/api/routes/*-handlers.ts) as the front door does, with a real
 * Request's head and body; `params` are the path's parameters. The answer comes back as a Response.
 */
export async function callApi(
  route: ServedApiRoute,
  {
    method = "GET",
    path,
    secret,
    body,
    rawBody,
    headers = {},
    params = {},
  }: {
    method?: string;
    path: string;
    secret?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    params?: Record<string, string>;
  },
) {
  const requestHeaders = new Headers(headers);
  if (secret) requestHeaders.set("authorization", `Bearer ${secret}`);
  const text = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  if (text !== undefined && !requestHeaders.has("content-type")) requestHeaders.set("content-type", "application/json");
  if (text !== undefined) requestHeaders.set("content-length", String(Buffer.byteLength(text)));
  const request = new Request(`http://localhost:3000${path}`, { method, headers: requestHeaders, body: text });
  const answer = await route.serve(
    {
      method,
      url: path,
      headers: Object.fromEntries(requestHeaders),
      readBody: (limit, tooLarge) => readLimitedBody(request, limit, tooLarge),
    },
    params,
  );
  const response = new Response(answer.body, { status: answer.status, headers: answer.headers });
  const type = response.headers.get("content-type") ?? "";
  const json = type.includes("json") ? ((await response.json()) as Record<string, unknown>) : null;
  return { response, status: response.status, json };
}
