import "server-only";
import http from "node:http";
import https from "node:https";
import { addressRefusal, guardedLookup, WebhookAddressRefused } from "./webhook-address-policy";

export type WebhookResponse = { status: number | null; durationMs: number; error: string | null };

const TIMEOUT_MS = 10_000;
// A receiver's answer is only read for its status; a few KB of it are kept out of politeness.
const MAX_RESPONSE_BYTES = 64 * 1024;

// One keep-alive agent per receiver: a delivery on an open connection is written at once, without
// waiting a turn of the event loop for a connect (a seal in the same worker may hold that turn).
const agents = new Map<string, http.Agent>();
function agentFor(url: URL): http.Agent {
  const key = `${url.protocol}//${url.host}`;
  let agent = agents.get(key);
  if (!agent) {
    // Idle connections close after 4 s (sooner if the receiver's Keep-Alive header says so), before
    // the 5 s that common servers keep them: reusing one the receiver is closing fails the request.
    const options = {
      keepAlive: true,
      timeout: 4000,
      maxSockets: 10,
      maxFreeSockets: 2,
      lookup: guardedLookup(url.hostname),
    };
    agent = url.protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
    agents.set(key, agent);
  }
  return agent;
}

/**
 * POSTs one signed webhook. Never follows a redirect (a 3xx is a failure: it could point at an
 * internal address), never waits longer than 10 s, and connects only to an address the policy
 * allows: an IP literal is checked here, a name by the agent's lookup at connect time.
 */
export async function sendWebhookRequest(
  url: URL,
  headers: Record<string, string>,
  body: string,
): Promise<WebhookResponse> {
  const first = await sendOnce(url, headers, body, agentFor(url));
  // A kept-alive connection the receiver closed just as it was reused: nothing reached it, so the
  // same message goes once more on a new connection (the webhook-id lets a receiver drop repeats).
  if (!first.staleConnection) return first.response;
  const fresh = new (url.protocol === "https:" ? https.Agent : http.Agent)({ lookup: guardedLookup(url.hostname) });
  const second = await sendOnce(url, headers, body, fresh);
  fresh.destroy();
  return second.response;
}

async function sendOnce(
  url: URL,
  headers: Record<string, string>,
  body: string,
  agent: http.Agent,
): Promise<{ response: WebhookResponse; staleConnection?: boolean }> {
  let answered = false;
  let reused = false;
  const response = await requestOnce(url, headers, body, agent, {
    onResponse: () => (answered = true),
    onSocket: (wasReused) => (reused = wasReused),
  });
  const resetCodes = /ECONNRESET|socket hang up|EPIPE/;
  return { response, staleConnection: reused && !answered && resetCodes.test(response.error ?? "") };
}

async function requestOnce(
  url: URL,
  headers: Record<string, string>,
  body: string,
  agent: http.Agent,
  hooks: { onResponse: () => void; onSocket: (reused: boolean) => void },
): Promise<WebhookResponse> {
  const started = performance.now();
  const done = (status: number | null, error: string | null): WebhookResponse => ({
    status,
    durationMs: Math.round(performance.now() - started),
    error,
  });
  if (url.protocol !== "https:" && url.protocol !== "http:") return done(null, `${url.protocol} URLs are refused.`);
  const literal = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (/^[\d.]+$|:/.test(literal)) {
    const refusal = addressRefusal(literal, url.hostname);
    if (refusal) return done(null, refusal);
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": Buffer.byteLength(body).toString() },
        timeout: TIMEOUT_MS,
        agent,
      },
      (response) => {
        hooks.onResponse();
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        const status = response.statusCode ?? null;
        const finish = () => {
          const ok = status !== null && status >= 200 && status < 300;
          const redirect = status !== null && status >= 300 && status < 400;
          const error = ok
            ? null
            : redirect
              ? `HTTP ${status}: redirects are not followed${response.headers.location ? ` (to ${response.headers.location})` : ""}`
              : `HTTP ${status}`;
          resolve(done(status, error));
        };
        response.on("end", finish);
        response.on("close", finish);
        response.on("error", finish);
      },
    );
    // The whole exchange, not only idle time, is bounded by the timeout.
    const deadline = setTimeout(
      () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)),
      TIMEOUT_MS,
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on("error", (error) => resolve(done(null, error.message)));
    // A kept-alive connection was checked when it was opened; the policy may have changed since.
    request.on("socket", (socket) => {
      hooks.onSocket(request.reusedSocket);
      const refusal = socket.remoteAddress && addressRefusal(socket.remoteAddress, url.hostname);
      if (refusal) request.destroy(new WebhookAddressRefused(refusal));
    });
    request.on("close", () => clearTimeout(deadline));
    request.end(body);
  });
}
