// A seal certificate issued by a test CA that publishes a CRL and answers OCSP, both from a node
// HTTP server on 127.0.0.1 made here (no network in tests): OpenSSL makes the CA, the seal
// certificate (naming http://127.0.0.1:<port>/ca.crl and /ocsp), the CRL, and each OCSP answer
// (`openssl ocsp -reqin … -respout …` with the CA's index). `behave("down")` drops connections.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type TestCertificateAuthority = {
  /** The seal: a .p12 (passphrase below) with the seal certificate and the CA's. */
  p12Path: string;
  passphrase: string;
  caCertificatePem: string;
  /** The CRL as served (DER). */
  crlDer: Buffer;
  crlRequests: number;
  ocspRequests: number;
  behave(mode: "ok" | "down"): void;
  stop(): Promise<void>;
};

export async function startTestCertificateAuthority(): Promise<TestCertificateAuthority> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "imprimatur-ca-"));
  const file = (name: string) => path.join(dir, name);
  let mode: "ok" | "down" = "ok";
  let crlRequests = 0;
  let ocspRequests = 0;
  const sockets = new Set<Socket>();
  let crlDer = Buffer.alloc(0);

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (mode === "down") return request.socket.destroy();
      if (request.url === "/ca.crl") {
        crlRequests++;
        response.writeHead(200, { "Content-Type": "application/pkix-crl" });
        return response.end(crlDer);
      }
      if (request.url === "/ocsp" && request.method === "POST") {
        ocspRequests++;
        return ocspAnswer(dir, Buffer.concat(chunks)).then(
          (der) => {
            response.writeHead(200, { "Content-Type": "application/ocsp-response" });
            response.end(der);
          },
          (error: Error) => {
            response.writeHead(500);
            response.end(error.message);
          },
        );
      }
      response.writeHead(404);
      response.end();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const passphrase = randomBytes(9).toString("hex");
  await run("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", file("ca.key"), "-out", file("ca.pem"),
    "-days", "3650", "-subj", "/O=Imprimatur Tests/CN=Imprimatur Test Seal CA",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]); // prettier-ignore
  await run("openssl", [
    "req", "-newkey", "rsa:2048", "-nodes", "-keyout", file("seal.key"), "-out", file("seal.csr"),
    "-subj", "/O=PMLR/CN=PMLR document seal (test CA)",
  ]); // prettier-ignore
  await writeFile(
    file("seal.ext"),
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n" +
      `crlDistributionPoints=URI:${base}/ca.crl\nauthorityInfoAccess=OCSP;URI:${base}/ocsp\n`,
  );
  await run("openssl", [
    "x509", "-req", "-in", file("seal.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-set_serial", "4097",
    "-days", "825", "-out", file("seal.pem"), "-extfile", file("seal.ext"),
  ]); // prettier-ignore
  await run("openssl", [
    "pkcs12", "-export", "-inkey", file("seal.key"), "-in", file("seal.pem"), "-certfile", file("ca.pem"),
    "-out", file("seal.p12"), "-passout", `pass:${passphrase}`,
  ]); // prettier-ignore
  // The CA's database: the seal certificate, valid (what `openssl ca` would have written).
  const { stdout: enddate } = await run("openssl", ["x509", "-in", file("seal.pem"), "-noout", "-enddate"]);
  const expires = new Date(enddate.trim().replace("notAfter=", ""));
  const stamp = expires.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z";
  await writeFile(file("index.txt"), `V\t${stamp}\t\t1001\tunknown\t/O=PMLR/CN=PMLR document seal (test CA)\n`);
  await writeFile(file("crlnumber"), "01\n");
  await writeFile(
    file("ca.cnf"),
    [
      "[ ca ]",
      "default_ca = test_ca",
      "[ test_ca ]",
      `database = ${file("index.txt")}`,
      `crlnumber = ${file("crlnumber")}`,
      `certificate = ${file("ca.pem")}`,
      `private_key = ${file("ca.key")}`,
      "default_md = sha256",
      "default_crl_days = 30",
      "",
    ].join("\n"),
  );
  await run("openssl", ["ca", "-config", file("ca.cnf"), "-gencrl", "-out", file("ca.crl.pem")]);
  await run("openssl", ["crl", "-in", file("ca.crl.pem"), "-outform", "DER", "-out", file("ca.crl")]);
  crlDer = await readFile(file("ca.crl"));

  return {
    p12Path: file("seal.p12"),
    passphrase,
    caCertificatePem: await readFile(file("ca.pem"), "utf8"),
    crlDer,
    get crlRequests() {
      return crlRequests;
    },
    get ocspRequests() {
      return ocspRequests;
    },
    behave(next) {
      mode = next;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function ocspAnswer(dir: string, query: Buffer): Promise<Buffer> {
  const name = randomBytes(6).toString("hex");
  const requestFile = path.join(dir, `${name}.req`);
  const responseFile = path.join(dir, `${name}.resp`);
  await writeFile(requestFile, query);
  try {
    await run("openssl", [
      "ocsp", "-index", path.join(dir, "index.txt"), "-CA", path.join(dir, "ca.pem"),
      "-rsigner", path.join(dir, "ca.pem"), "-rkey", path.join(dir, "ca.key"),
      "-reqin", requestFile, "-respout", responseFile,
    ]); // prettier-ignore
    return await readFile(responseFile);
  } finally {
    await rm(requestFile, { force: true });
    await rm(responseFile, { force: true });
  }
}
