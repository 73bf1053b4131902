import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { LRUCache } from "lru-cache";
import { LANGUAGE_COOKIE } from "../../i18n/locales";
import { requestLocale } from "../../i18n/request-locale";
import { readNumberSetting } from "../../config/read-number-setting";

// Why a cache at all: Next renders a dynamic App Router page (and the CSP nonce makes every page
// dynamic) at about 3× a static file even with no query at all (/verify), which left the signing
// page near 12 ms on a quiet machine against a target of ≤ 8. Its bytes, though, depend only on the
// link, what the database holds for it, the author's language and the build: everything but the
// nonce. So the front door keeps the page Next rendered and answers later GETs with it, a fresh
// nonce put in. Whether a kept copy is still current is told by the one query that opens the link
// (openSigningLink's pageVersion: the row versions of everything the page shows), so an instance
// never serves a page older than the database, whatever other instances did meanwhile.

type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;
const require = createRequire(import.meta.url);
// The very middleware Next puts in front of its own responses (next/dist/server/lib/router-server.js),
// so a kept page is encoded (or not) for a client exactly as a freshly rendered one would be.
const compress = (require("next/dist/compiled/compression") as () => Middleware)();
// Next's own test of a user agent it renders pages for differently (blocking metadata for bots).
const { isBot } = require("next/dist/shared/lib/router/utils/is-bot") as { isBot: (userAgent: string) => boolean };

type KeptPage = {
  status: number;
  /** Next's response headers (the front door's own, framing and encoding left out). */
  headers: [string, string | string[]][];
  /** The body cut at each occurrence of the nonce it was rendered with. */
  parts: Buffer[];
  /** The nonce the page was rendered with, to be replaced in header values too. */
  nonce: string;
};

// Set per response by the front door or Node, or recomputed for the kept body.
const NOT_KEPT = new Set([
  "content-security-policy",
  "permissions-policy",
  "strict-transport-security",
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
]);

// Requests from Next's client router (flight data, prefetches, actions) get other bytes than a page.
const NEXT_REQUEST_HEADERS = [
  "rsc",
  "next-router-state-tree",
  "next-router-prefetch",
  "next-router-segment-prefetch",
  "next-url",
  "next-action",
];

/** SIGNING_PAGE_CACHE_MB: megabytes of signing pages kept per instance; 0 keeps none. */
export function signingPageCacheMegabytes(env: Record<string, string | undefined> = process.env): number {
  return readNumberSetting(env, "SIGNING_PAGE_CACHE_MB", {
    fallback: 8,
    min: 0,
    max: 4096,
    unit: "megabytes; 0 keeps none",
  });
}

let kept: LRUCache<string, KeptPage> | null | undefined;

/**
 * The kept pages, made at the first call: the door's creation (./signing-link-door.ts), when the
 * server starts, so a SIGNING_PAGE_CACHE_MB that is not megabytes stops the start there.
 */
export function prepareSigningPageCache(): LRUCache<string, KeptPage> | null {
  if (kept !== undefined) return kept;
  const megabytes = signingPageCacheMegabytes();
  // Bounded by bytes, so an instance's memory does not grow with the number of links it has served.
  kept =
    megabytes > 0
      ? new LRUCache<string, KeptPage>({
          maxSize: megabytes * 1024 * 1024,
          // Links are opened in bursts (an invitation, a reminder, a deadline): a page nobody asked for in
          // ten minutes is let go, so an idle instance holds none.
          ttl: 10 * 60_000,
          ttlAutopurge: true,
          sizeCalculation: (page) => page.parts.reduce((sum, part) => sum + part.length, 0) + 1024,
        })
      : null;
  return kept;
}

/**
 * The key of a plain GET of a signing page whose rendering depends only on the link's data and the
 * author's language, or null: a query string, any cookie but the language switcher's, a request of
 * Next's client router or a bot (Next renders pages for bots differently) always reach Next.
 */
export function signingPageKey(request: IncomingMessage, link: { linkId: string; pageVersion: string }): string | null {
  if (!prepareSigningPageCache() || request.method !== "GET" || (request.url ?? "").includes("?")) return null;
  if (NEXT_REQUEST_HEADERS.some((name) => request.headers[name] !== undefined)) return null;
  if (isBot(request.headers["user-agent"] ?? "")) return null;
  const cookie = request.headers.cookie;
  const cookies = cookie ? cookie.split(";").map((part) => part.trim().split("=")[0]) : [];
  if (cookies.some((name) => name !== LANGUAGE_COOKIE)) return null;
  const locale = requestLocale({ get: (name) => headerValue(request, name) });
  return `${link.linkId}\n${link.pageVersion}\n${locale}`;
}

/** Answers the request with the kept page for `key`, under this response's nonce; false when none is kept. */
export function answerWithKeptPage(key: string, request: IncomingMessage, response: ServerResponse): boolean {
  const page = prepareSigningPageCache()?.get(key);
  const nonce = nonceOf(response.getHeader("content-security-policy"));
  if (!page || !nonce) return false;
  const fresh = Buffer.from(nonce);
  const body = Buffer.concat(page.parts.flatMap((part, i) => (i === 0 ? [part] : [fresh, part])));
  response.statusCode = page.status;
  for (const [name, value] of page.headers) response.setHeader(name, withNonce(value, page.nonce, nonce));
  response.setHeader("Content-Length", body.length);
  compress(request, response, () => {});
  response.end(body);
  return true;
}

/**
 * Keeps the page Next is about to write to `response` under `key`, if it is a plain 200 HTML page
 * that sets no cookie: its bytes are collected as they go to the client (decoded if Next compressed
 * them) and stored once the response has finished.
 */
export function keepPageAs(key: string, request: IncomingMessage, response: ServerResponse) {
  const nonce = nonceOf(request.headers["content-security-policy"]);
  const pages = prepareSigningPageCache();
  if (!pages || !nonce) return;
  const chunks: Buffer[] = [];
  const write = response.write.bind(response) as (...args: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  const collect = (chunk: unknown, encoding: unknown) => {
    const charset = typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8";
    if (typeof chunk === "string") chunks.push(Buffer.from(chunk, charset));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    collect(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as typeof response.write;
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== "function") collect(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as typeof response.end;
  response.once("finish", () => {
    const page = keptPage(response, Buffer.concat(chunks), nonce);
    if (page) pages.set(key, page);
  });
}

function keptPage(response: ServerResponse, encoded: Buffer, nonce: string): KeptPage | null {
  const headers = response.getHeaders();
  const type = String(headers["content-type"] ?? "");
  if (response.statusCode !== 200 || headers["set-cookie"] !== undefined || !type.startsWith("text/html")) return null;
  const body = decoded(encoded, String(headers["content-encoding"] ?? "identity"));
  if (!body) return null;
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(nonce); at !== -1; at = body.indexOf(nonce, from)) {
    parts.push(body.subarray(from, at));
    from = at + nonce.length;
  }
  parts.push(body.subarray(from));
  const keptHeaders = Object.entries(headers)
    .filter(([name, value]) => !NOT_KEPT.has(name) && value !== undefined)
    .map(([name, value]) => [name, Array.isArray(value) ? value : String(value)] as [string, string | string[]]);
  return { status: 200, headers: keptHeaders, parts, nonce };
}

function decoded(body: Buffer, encoding: string): Buffer | null {
  if (encoding === "identity") return body;
  if (encoding === "gzip") return gunzipSync(body);
  if (encoding === "deflate") return inflateSync(body);
  if (encoding === "br") return brotliDecompressSync(body);
  return null;
}

function withNonce(value: string | string[], old: string, nonce: string): string | string[] {
  return Array.isArray(value) ? value.map((item) => item.replaceAll(old, nonce)) : value.replaceAll(old, nonce);
}

function nonceOf(policy: unknown): string | null {
  return typeof policy === "string" ? (/'nonce-([^']+)'/.exec(policy)?.[1] ?? null) : null;
}

function headerValue(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? null);
}
