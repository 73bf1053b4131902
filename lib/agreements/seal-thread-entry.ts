// A sealing thread (seal-threads.ts starts it): renders and seals one signed agreement per
// message and posts the sealed bytes back. It is given no database and no environment (no
// DATABASE_URL, no app secrets): only each seal's data and the seal's own certificate and key.
import "server-only";
import { parentPort, workerData } from "node:worker_threads";
import { AppError } from "@/lib/errors/app-error";
import { idleCollector, shrinkIdleMemory } from "@/lib/memory/collect-when-idle";
import type { SigningCertificate } from "@/lib/signing/signing-certificate";
import { renderAndSealDocument, type SealDocumentTask } from "./seal-document";
import type { SealThreadData, SealThreadReply, SealThreadRequest } from "./seal-thread-messages";
import { warmUpAgreementRenderer } from "./warm-up-renderer";

const port = parentPort;
if (!port) throw new Error("seal-thread-entry runs as a worker thread (seal-threads.ts), not as a script.");

// The key is opened once per certificate (tens of ms); a cloned certificate is a new object every
// message, so the thread keeps the first copy of each, by fingerprint.
const certificates = new Map<string, SigningCertificate>();
function known(certificate: SigningCertificate): SigningCertificate {
  const kept = certificates.get(certificate.fingerprintSha256);
  if (kept) return kept;
  // Structured clone turns a Buffer into a plain Uint8Array; the .p12 reader wants a Buffer.
  const restored = { ...certificate, p12: Buffer.from(certificate.p12) };
  certificates.set(certificate.fingerprintSha256, restored);
  return restored;
}

async function seal(id: number, task: SealDocumentTask, certificate: SigningCertificate): Promise<SealThreadReply> {
  try {
    return { id, sealed: await renderAndSealDocument(task, known(certificate)) };
  } catch (error) {
    if (error instanceof AppError) return { id, error: { code: error.code, message: error.userMessage } };
    return { id, error: { message: error instanceof Error ? (error.stack ?? error.message) : String(error) } };
  }
}

// Started by warm(): fonts read and the renderer compiled before the first seal (seals sent
// meanwhile wait in the port). Started by a seal: that seal reads them, sooner than a warm-up would.
// A thread kept for more seals (SEAL_THREAD_IDLE_SECONDS) shrinks its heap once it has been quiet
// for a minute (collect-when-idle.ts): it collected nothing after its last seal, and kept that
// seal's garbage and the pages it filled (measured: 22 MB of heap, 18.5 after), and its young
// generation at its largest (4 MB, 0.26 after). The collection is meant to keep compiled code
// (collect-when-idle.ts). A minute, not the server's 3 s: a thread shrunk between two bursts of
// signatures still sealed the next burst at a higher cost. 50 signers at once, `--only=signers`,
// interleaved runs: 84–131 ms of server CPU per signature (7 runs, mean 112) against 117–159
// (6 runs, mean 136) with the 3 s shrink; median sign → sealed 1.52–2.19 s (mean 1.92) against
// 1.99–2.77 (mean 2.34). Which part of V8's low-memory collection costs that was not isolated: a
// compacting collection that keeps the young generation did no better (2 runs). The price: the
// idle figure, taken 5 s after the last request, holds the thread unshrunk: 137.5 MB against 127.6
// (one `--only=sign` run each). The memory comes back a minute after the last seal, all of it when
// the thread ends.
const SEAL_THREAD_QUIET_MS = 60_000;
const data = workerData as SealThreadData | null;
// Its malloc trim matters here too: the thread's seals freed their buffers and compiler zones in
// malloc's arena for threads, which the server's own idle trim (done before this thread went
// quiet) did not see.
const idle = idleCollector({ quietMs: data?.quietMs ?? SEAL_THREAD_QUIET_MS, collect: shrinkIdleMemory });
if (data?.warmUp) {
  idle.begin();
  await warmUpAgreementRenderer();
  idle.end();
}
port.on("message", ({ id, task, certificate }: SealThreadRequest) => {
  idle.begin();
  void seal(id, task, certificate)
    .then((reply) => port.postMessage(reply))
    .finally(() => idle.end());
});
port.postMessage({ ready: true } satisfies SealThreadReply);
