// A real RFC 3161 timestamp authority on 127.0.0.1 for tests (there is no network here): OpenSSL
// makes a test CA and a timestamping certificate, and `openssl ts -reply` answers each query
// behind a small HTTP handler. `behave` makes it fail the ways real authorities do.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type TimestampAuthorityBehaviour = "ok" | "down" | "slow" | "garbage" | "refusing";

export type TestTimestampAuthority = {
  url: string;
  caCertificatePem: string;
  caCertificatePath: string;
  tsaCertificatePem: string;
  /** Queries received (whatever the answer). */
  readonly requests: number;
  /** The Authorization header of the last query, if any. */
  readonly lastAuthorization: string | undefined;
  behave(behaviour: TimestampAuthorityBehaviour): void;
  /** TSA_URL and TSA_TRUSTED_CERTS for a child process. */
  env(): Record<string, string>;
  stop(): Promise<void>;
};

const SLOW_MS = 30_000;

export async function startTestTimestampAuthority(options: { name?: string } = {}): Promise<TestTimestampAuthority> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "imprimatur-tsa-"));
  const file = (name: string) => path.join(dir, name);
  await makeCertificates(dir, options.name ?? "Imprimatur Test Timestamp Authority");

  let behaviour: TimestampAuthorityBehaviour = "ok";
  let requests = 0;
  let lastAuthorization: string | undefined;
  let queue = Promise.resolve();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((request, response) => {
    requests++;
    lastAuthorization = request.headers.authorization;
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (behaviour === "down") return request.socket.destroy();
      if (behaviour === "slow") {
        const timer = setTimeout(() => response.end(), SLOW_MS);
        timers.add(timer);
        return;
      }
      if (behaviour === "garbage") {
        response.writeHead(200, { "Content-Type": "application/timestamp-reply" });
        return response.end(randomBytes(300));
      }
      // `openssl ts -reply` updates one serial file: answer one query at a time.
      const answer = queue.then(() => reply(dir, Buffer.concat(chunks), behaviour === "refusing"));
      queue = answer.then(
        () => undefined,
        () => undefined,
      );
      answer.then(
        (der) => {
          response.writeHead(200, { "Content-Type": "application/timestamp-reply" });
          response.end(der);
        },
        (error: Error) => {
          response.writeHead(500, { "Content-Type": "text/plain" });
          response.end(error.message);
        },
      );
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    if (behaviour === "down") socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  const caCertificatePem = await readFile(file("ca.pem"), "utf8");

  return {
    url,
    caCertificatePem,
    caCertificatePath: file("ca.pem"),
    tsaCertificatePem: await readFile(file("tsa.pem"), "utf8"),
    get requests() {
      return requests;
    },
    get lastAuthorization() {
      return lastAuthorization;
    },
    behave(next) {
      behaviour = next;
    },
    env: () => ({ TSA_URL: url, TSA_TRUSTED_CERTS: file("ca.pem") }),
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function reply(dir: string, query: Buffer, refuse: boolean): Promise<Buffer> {
  const name = randomBytes(6).toString("hex");
  const queryFile = path.join(dir, `${name}.tsq`);
  const replyFile = path.join(dir, `${name}.tsr`);
  // A refusal is what an authority sends for an algorithm it does not accept: give it a query for
  // SHA-1, which this authority's configuration does not list.
  await writeFile(queryFile, refuse ? await sha1Query(dir, name) : query);
  try {
    await run("openssl", [
      "ts",
      "-reply",
      "-config",
      path.join(dir, "tsa.cnf"),
      "-queryfile",
      queryFile,
      "-out",
      replyFile,
    ]);
    return await readFile(replyFile);
  } finally {
    await rm(queryFile, { force: true });
    await rm(replyFile, { force: true });
  }
}

async function sha1Query(dir: string, name: string): Promise<Buffer> {
  const dataFile = path.join(dir, `${name}.data`);
  const queryFile = path.join(dir, `${name}.sha1.tsq`);
  await writeFile(dataFile, name);
  await run("openssl", ["ts", "-query", "-data", dataFile, "-sha1", "-cert", "-out", queryFile]);
  const query = await readFile(queryFile);
  await rm(dataFile, { force: true });
  await rm(queryFile, { force: true });
  return query;
}

async function makeCertificates(dir: string, name: string) {
  const file = (part: string) => path.join(dir, part);
  await run("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", file("ca.key"), "-out", file("ca.pem"),
    "-days", "3650", "-subj", "/O=Imprimatur Tests/CN=Imprimatur Test TSA Root",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]); // prettier-ignore
  await run("openssl", [
    "req", "-newkey", "rsa:2048", "-nodes", "-keyout", file("tsa.key"), "-out", file("tsa.csr"),
    "-subj", `/O=Imprimatur Tests/CN=${name}`,
  ]); // prettier-ignore
  await writeFile(
    file("tsa.ext"),
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n",
  );
  await run("openssl", [
    "x509", "-req", "-in", file("tsa.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-set_serial", "2",
    "-days", "3650", "-out", file("tsa.pem"), "-extfile", file("tsa.ext"),
  ]); // prettier-ignore
  await writeFile(file("serial"), "01\n");
  await writeFile(
    file("tsa.cnf"),
    [
      "[ tsa ]",
      "default_tsa = tsa_config",
      "[ tsa_config ]",
      `serial = ${file("serial")}`,
      "crypto_device = builtin",
      `signer_cert = ${file("tsa.pem")}`,
      `certs = ${file("ca.pem")}`,
      `signer_key = ${file("tsa.key")}`,
      "signer_digest = sha256",
      "default_policy = 1.3.6.1.4.1.59999.1.1",
      "digests = sha256, sha384, sha512",
      "accuracy = secs:1",
      "ordering = no",
      "tsa_name = yes",
      "ess_cert_id_chain = no",
      "ess_cert_id_alg = sha256",
      "",
    ].join("\n"),
  );
}
