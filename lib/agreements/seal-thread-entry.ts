// A sealing thread (seal-threads.ts starts it): renders and seals one signed agreement per
// message and posts the sealed bytes back. It is given no database and no environment (no
// DATABASE_URL, no app secrets): only each seal's data and the seal's own certificate and key.
import "server-only";
import { parentPort, workerData } from "node:worker_threads";
import { AppError } from "@/lib/errors/app-error";
import { idleCollector, QUIET_MS, shrinkIdleMemory } from "@/lib/memory/collect-when-idle";
import { workThroughGate } from "@/lib/memory/thread-code-gate";
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
// as long as the web server waits (collect-when-idle.ts, 3 s): after its last seal it collected
// nothing and kept that seal's garbage, the pages it filled and its young generation at its
// largest (measured at the bench's idle figure: 26.8 MB of heap, 16.7 after; young generation
// 8 MB, 0.55 after). The bench's server, 5 s after its last request: 127.1 MB resident against
// 137.4, when the thread waited a minute.
// The price is paid by the next burst of signatures: the collection frees what the thread's
// optimized code referred to (pdf-lib's writers, the CMS encoder, the line breaker: "weak objects"
// deoptimizations), and the burst seals on less optimized code until V8 has optimized it again.
// 50 signers at once, each round after 5 s of quiet (`--only=signers` with a pause added,
// interleaved runs): median sign → sealed 1.14 and 1.12 s against 0.89 and 0.91, 67–72 ms of
// server CPU per signature against 58–62. With no quiet spell before it a burst pays nothing
// (0.72–0.99 s against 0.77–0.82). The collection keeps the compiled code itself (no
// flushBytecode): the next seal would compile pdf-lib, fontkit and the signer again.
const data = workerData as SealThreadData | null;
// Seals, the warm-up and the idle collection wait while the server's thread flushes code: V8's
// flag for it is the process's, and this thread would lose its code too (thread-code-gate.ts).
const atWork = <T>(work: () => Promise<T>) => workThroughGate(data?.codeGate, work);
// Its malloc trim matters here too: the thread's seals freed their buffers and compiler zones in
// malloc's arena for threads, which the server's own idle trim (done before this thread went
// quiet) did not see.
const shrink = shrinkIdleMemory({ flushBytecode: false });
const idle = idleCollector({ quietMs: data?.quietMs ?? QUIET_MS, collect: () => atWork(async () => shrink()) });
if (data?.warmUp) {
  idle.begin();
  await atWork(warmUpAgreementRenderer);
  idle.end();
}
port.on("message", ({ id, task, certificate }: SealThreadRequest) => {
  idle.begin();
  void atWork(() => seal(id, task, certificate))
    .then((reply) => port.postMessage(reply))
    .finally(() => idle.end());
});
port.postMessage({ ready: true } satisfies SealThreadReply);
