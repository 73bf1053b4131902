import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { inject } from "vitest";
import { bundleServer, spawnWebServer, type ServerBundles } from "../scripts/start/web-server";
import { holdingDirectoryLock } from "./directory-lock";
import { freePort } from "./free-port";
import { ensureTestBuild } from "./next-build";
import { startSmtpSink } from "./smtp-sink";

export type AppServer = { port: number; baseUrl: string; stop: () => Promise<void> };

/**
 * The real production server (the Next build behind scripts/web-server.ts) on this test file's
 * database, for attacks that only make sense over HTTP. The job worker is off: nothing here
 * waits for a seal.
 */
export async function startAppServer(env: Record<string, string> = {}): Promise<AppServer> {
  await ensureTestBuild();
  const bundles = await serverBundles();
  const smtp = await startSmtpSink();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: ChildProcess = await spawnWebServer({
    port,
    host: "127.0.0.1",
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      APP_URL: baseUrl,
      NEXTAUTH_URL: baseUrl,
      // The same secret as this test process: one deployment, one secret (the stored seal needs it).
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "test-secret",
      SMTP_URL: smtp.url,
      DATA_DIR: inject("appDataDir"),
      RUN_WORKER: "false",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
    bundles,
  });
  for (let attempt = 0; ; attempt++) {
    if (server.exitCode !== null) throw new Error(`the web server exited with ${server.exitCode}`);
    if (
      await fetch(`${baseUrl}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (attempt > 600) throw new Error("the web server did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    baseUrl,
    async stop() {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
      await smtp.close();
    },
  };
}

/** Undoes the entity escaping React applies to text and attributes in rendered HTML. */
export const decodeHtml = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * The server's bundles, made once per run by the first file to start a server (after the build,
 * which would clear them): every later server of the run is started from the same sources, and
 * bundling them again cost each start ~1.5 s of esbuild's CPU. The note lives in this run's own
 * temporary directory, so the next run bundles afresh.
 */
async function serverBundles(): Promise<ServerBundles> {
  const runDir = path.dirname(inject("appDataDir"));
  const note = path.join(runDir, "server-bundles.json");
  return holdingDirectoryLock(path.join(runDir, "server-bundles.lock"), async () => {
    if (existsSync(note)) {
      const made = JSON.parse(await readFile(note, "utf8")) as ServerBundles;
      if (existsSync(made.entry) && existsSync(made.sealThread)) return made;
    }
    const bundles = await bundleServer();
    await writeFile(note, JSON.stringify(bundles));
    return bundles;
  });
}

/** One HTTP request from a chosen loopback address (127.0.0.2 can play a proxy, 127.0.0.1 a client). */
export function request(
  port: number,
  {
    method = "GET",
    path,
    headers = {},
    body,
    from = "127.0.0.1",
  }: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer; from?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        // Written in pieces (sendBody), a body would otherwise go chunked, unless the caller asks for that.
        headers: body && !declaresBody(headers) ? { "Content-Length": String(body.length), ...headers } : headers,
        localAddress: from,
        agent: false,
      },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    // Once answered, the server may hang up on the rest of the body (a refusal): the write error that
    // follows is not the answer's.
    outgoing.on("error", (error) => (answered ? undefined : reject(error)));
    void sendBody(outgoing, body, () => answered);
  });
}

const BODY_PIECE = 64 * 1024;

const declaresBody = (headers: Record<string, string>) =>
  Object.keys(headers).some((name) => /^(content-length|transfer-encoding)$/i.test(name));

/**
 * The body in pieces, stopping once the server has answered, as a browser stops an upload. A
 * server that refuses a body from its head answers without reading it; had it then closed at once
 * (a reset, with the body unread), the next piece's write would fail (EPIPE) before the answer was
 * read, every time: seen once in CI with the body in one write, and what a browser's upload met.
 */
async function sendBody(outgoing: http.ClientRequest, body: Buffer | undefined, answered: () => boolean) {
  for (let at = 0; body && at < body.length && !answered(); at += BODY_PIECE) {
    if (outgoing.write(body.subarray(at, at + BODY_PIECE))) continue;
    // Whichever comes first; the other listener is taken off, or a large body would pile up one per piece.
    await new Promise<void>((resolve) => {
      const go = () => {
        outgoing.off("drain", go);
        outgoing.off("close", go);
        resolve();
      };
      outgoing.once("drain", go);
      outgoing.once("close", go);
    });
  }
  if (!answered() && !outgoing.destroyed) outgoing.end();
}

/**
 * Sends only a request's head, declaring a body it never sends, and resolves with the status line
 * the server answers with, or "no answer" after `waitMs`. An answer proves the server decided
 * without reading the body.
 */
export function headOnly(
  port: number,
  head: string[],
  waitMs = 3000,
): Promise<{ statusLine: string; closedByServer: Promise<boolean> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    let received = "";
    let resolved = false;
    const closedByServer = new Promise<boolean>((resolveClosed) => {
      socket.once("end", () => resolveClosed(true));
      socket.once("close", () => resolveClosed(true));
      setTimeout(() => resolveClosed(false), 5000).unref();
    });
    const timer = setTimeout(() => finish("no answer"), waitMs);
    function finish(statusLine: string) {
      if (resolved) return;
      resolved = true;
      clearTimeout(timer);
      resolve({ statusLine, closedByServer: closedByServer.finally(() => socket.destroy()) });
    }
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      const end = received.indexOf("\r\n");
      if (end >= 0) finish(received.slice(0, end));
    });
    socket.on("error", (error) => (resolved ? undefined : reject(error)));
    socket.write(`${head.join("\r\n")}\r\n\r\n`);
  });
}
