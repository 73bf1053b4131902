// The production web server: Next in its documented custom-server mode, behind a front door that
// only this process controls (lib/http/edge/front-door.ts). `npm start` bundles this file with
// esbuild and runs it with plain node, so the server does not carry a TypeScript loader.
import { createServer } from "node:http";
import { compileTrustedProxies } from "../lib/http/edge/client-address";
import { createFrontDoor } from "../lib/http/edge/front-door";
import { markFrontDoorProcess } from "../lib/http/edge/internal-headers";
import { withApiDoor } from "../lib/http/edge/api-door";
import { withSigningLinkDoor } from "../lib/http/edge/signing-link-door";
import { prepareSigningPageCache } from "../lib/http/edge/signing-page-cache";
import { answerDatabaseOutage } from "../lib/http/answer-database-outage";
import { collectWhenIdle } from "../lib/memory/collect-when-idle";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "127.0.0.1";
// Before Next loads: it reads NODE_ENV once, as `next start` would have set it.
Object.assign(process.env, { NODE_ENV: "production" });
const trust = orExit(() => compileTrustedProxies(process.env.TRUSTED_PROXIES));
// Before Next loads, so a SIGNING_PAGE_CACHE_MB that is not megabytes is said at once, in a sentence.
orExit(prepareSigningPageCache);
// The old setting counted hops and believed whatever the client put further left; say so rather
// than let an operator think it still applies.
if (process.env.TRUSTED_PROXY_HOPS && !process.env.TRUSTED_PROXIES) {
  console.warn(
    'TRUSTED_PROXY_HOPS is no longer read: list your proxies\' addresses in TRUSTED_PROXIES (see README, "Deploying behind a proxy"). Until then the TCP peer is recorded as the client.',
  );
}
const https = (process.env.APP_URL ?? "").startsWith("https:");
markFrontDoorProcess();

const { default: next } = await import("next");
const app = next({ dev: false, dir: process.cwd(), hostname, port });
await app.prepare();
// The REST API is answered in the door, without Next (lib/http/edge/api-door.ts).
const handle = answerDatabaseOutage(withApiDoor(withSigningLinkDoor(app.getRequestHandler())));
const frontDoor = createFrontDoor({
  trust,
  https,
  handle: (request, response) =>
    handle(request, response).catch((error: unknown) => {
      console.error(error);
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      response.end("Something went wrong on our side. Please try again later.\n");
    }),
});
const server = createServer(frontDoor.onRequest);
server.on("checkContinue", frontDoor.onCheckContinue);
collectWhenIdle(server);
server.once("error", (error: NodeJS.ErrnoException) => {
  const reason =
    error.code === "EADDRINUSE"
      ? `port ${port} is already in use: stop what uses it, or set PORT to a free port.`
      : `cannot listen on ${hostname}:${port} (${error.code ?? error.message}); check PORT and HOST.`;
  console.error(`The web server cannot start: ${reason}`);
  process.exit(1);
});
server.listen(port, hostname, () => console.log(`Web server listening on http://${hostname}:${port}`));

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeIdleConnections();
  // The job worker (graphile-worker) handles the same signal and releases its jobs meanwhile.
  setTimeout(() => process.exit(code), 1500).unref();
  void app.close().finally(() => setTimeout(() => process.exit(code), 500).unref());
}
process.on("SIGTERM", () => stop(143));
process.on("SIGINT", () => stop(130));

/** What `make` makes, or, when a setting makes it fail, one sentence and exit code 1. */
function orExit<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    console.error(`The web server cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
