import "server-only";
import { accessSync, constants } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { readNumberSetting } from "@/lib/config/read-number-setting";
import { AppError } from "@/lib/errors/app-error";
import { openThreadGate } from "@/lib/memory/thread-code-gate";
import { FONT_FILES } from "@/lib/pdf/fonts/font-files";
import type { SealedPdf } from "@/lib/signing/seal-pdf";
import type { SigningCertificate } from "@/lib/signing/signing-certificate";
import type { SealDocumentTask } from "./seal-document";
import type { SealThreadData, SealThreadReply, SealThreadRequest } from "./seal-thread-messages";

type ThreadScript = { file: string; typescript: boolean };
type Pending = { resolve: (sealed: SealedPdf) => void; reject: (error: unknown) => void };
type Thread = { worker: Worker; pending: Map<number, Pending>; ready: Promise<void> };

export type SealThreadsOptions = {
  /** Threads to seal on; 0 seals on the calling thread. */
  size: number;
  /** A thread idle this long is ended (its memory returned) and the next seal starts one; 0: never. */
  idleMs: number;
  /** The thread's script; by default the bundle `npm start` builds, else the TypeScript source. */
  script?: ThreadScript;
  /** How long a thread waits without a seal before it shrinks its heap; by default 3 s (seal-thread-entry.ts). */
  quietMs?: number;
};

export type SealThreads = {
  seal(task: SealDocumentTask, certificate: SigningCertificate): Promise<SealedPdf>;
  /** Starts every thread now and waits until each has read its fonts: the next seal then waits for nothing. */
  warm(): Promise<void>;
  /** Seals sent to a thread and not yet answered. */
  inFlight(): number;
  /** Threads started and not ended. */
  running(): number;
  /** Ends every thread at once; seals in flight fail (their jobs are retried) as after a crash. */
  stop(): Promise<void>;
};

/**
 * Renders and seals signed agreements on worker threads, so the server's one JavaScript thread
 * keeps answering requests (and running the jobs' database work) while another core typesets and
 * signs. A thread that dies fails only the seals it held: sealAgreement stores nothing for them,
 * their jobs are retried, and the next seal starts a new thread.
 */
export function createSealThreads(options: SealThreadsOptions): SealThreads {
  const threads: Thread[] = [];
  let nextId = 0;
  let idleTimer: NodeJS.Timeout | undefined;

  const inFlight = () => threads.reduce((sum, thread) => sum + thread.pending.size, 0);
  const stopWhenIdle = () => {
    clearTimeout(idleTimer);
    if (inFlight() > 0) return;
    for (const { worker } of threads) worker.unref();
    if (options.idleMs > 0) idleTimer = setTimeout(() => void stop(), options.idleMs).unref();
  };

  const start = (warmUp: boolean): Thread => {
    const codeGate = openThreadGate();
    const worker = startWorker(options.script ?? defaultScript(), {
      warmUp,
      quietMs: options.quietMs,
      codeGate: codeGate.gate,
    });
    // A thread that ended mid-seal leaves its count behind: its gate must not hold off the server's flush.
    worker.once("exit", codeGate.close);
    let started!: () => void;
    let failedToStart!: (error: unknown) => void;
    const ready = new Promise<void>((resolve, reject) => ((started = resolve), (failedToStart = reject)));
    // Nobody may be waiting for it (a seal, not warm(), started the thread).
    ready.catch(() => {});
    const thread: Thread = { worker, pending: new Map(), ready };
    const fail = (error: unknown) => {
      failedToStart(error);
      const index = threads.indexOf(thread);
      if (index >= 0) threads.splice(index, 1);
      for (const pending of thread.pending.values()) pending.reject(error);
      thread.pending.clear();
      stopWhenIdle();
    };
    worker.on("message", (reply: SealThreadReply) => {
      if ("ready" in reply) return started();
      const pending = thread.pending.get(reply.id);
      if (!pending) return;
      thread.pending.delete(reply.id);
      if ("sealed" in reply) pending.resolve(reply.sealed);
      else if (reply.error.code) pending.reject(new AppError(reply.error.code, { userMessage: reply.error.message }));
      else pending.reject(new Error(`Sealing failed on the sealing thread: ${reply.error.message}`));
      stopWhenIdle();
    });
    worker.on("error", (error) => fail(new Error(`The sealing thread failed: ${error.message}`, { cause: error })));
    worker.on("exit", (code) => fail(new Error(`The sealing thread stopped (exit code ${code}) during the seal.`)));
    threads.push(thread);
    return thread;
  };

  const seal = (task: SealDocumentTask, certificate: SigningCertificate) =>
    new Promise<SealedPdf>((resolve, reject) => {
      clearTimeout(idleTimer);
      // The least busy thread, a new one while fewer than `size` run.
      const idle = threads.find((thread) => thread.pending.size === 0);
      const thread =
        idle ??
        (threads.length < options.size
          ? start(false)
          : threads.reduce((least, one) => (one.pending.size < least.pending.size ? one : least)));
      const id = nextId++;
      thread.pending.set(id, { resolve, reject });
      thread.worker.ref();
      thread.worker.postMessage({ id, task, certificate } satisfies SealThreadRequest);
    });

  const stop = async () => {
    clearTimeout(idleTimer);
    // Out of the list first: a seal asked for meanwhile starts a new thread rather than join one ending.
    await Promise.all(threads.splice(0).map(({ worker }) => worker.terminate()));
  };

  const warm = async () => {
    while (threads.length < options.size) start(true);
    await Promise.all(threads.map((thread) => thread.ready));
    stopWhenIdle();
  };

  if (options.size === 0) {
    return {
      seal: async (task, certificate) => {
        const { renderAndSealDocument } = await import("./seal-document");
        return renderAndSealDocument(task, certificate);
      },
      warm: async () => {
        const { warmUpAgreementRenderer } = await import("./warm-up-renderer");
        await warmUpAgreementRenderer();
      },
      inFlight: () => 0,
      running: () => 0,
      stop: async () => {},
    };
  }
  return { seal, warm, inFlight, running: () => threads.length, stop };
}

/**
 * `npm start` bundles the thread's entry next to the web server (SEAL_THREAD_SCRIPT, set by
 * scripts/start/web-server.ts); elsewhere (tests, `npm run worker`) the thread loads the
 * TypeScript source through tsx, as those processes do.
 */
function defaultScript(): ThreadScript {
  const bundled = process.env.SEAL_THREAD_SCRIPT;
  if (bundled) return { file: bundled, typescript: false };
  return { file: path.join(process.cwd(), "lib/agreements/seal-thread-entry.ts"), typescript: true };
}

// A young generation of two 4 MB semi-spaces (V8 counts a third for large objects), as the web
// server's own (scripts/start/server-node-options.ts). In the web server that flag decides anyway:
// V8's semi-space flags are the process's and win over a thread's resourceLimits. Here it counts
// for `npm run worker`, which has no such flag: left to V8, its thread took two 16 MB semi-spaces,
// 12 MB more resident, for seals no faster; with two 2 MB (this limit until now) 50 signers at
// once cost 44.8–47.8 ms of CPU per signature against 38.8–46.2 with 4 MB (web server with the
// flags cleared for its thread, interleaved `--only=sign,signers` runs, 3 each), for 3.7 MB less
// at idle.
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 12 };

function startWorker(script: ThreadScript, workerData: SealThreadData): Worker {
  // env: {} gives the thread a copy of nothing: no DATABASE_URL, no app secrets.
  const options = { env: {}, workerData, resourceLimits: THREAD_LIMITS };
  if (!script.typescript) return new Worker(script.file, options);
  // Node 20 does not apply `--import tsx` to a worker thread: the thread registers tsx itself.
  const entry = JSON.stringify(pathToFileURL(script.file).href);
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${entry}); });`;
  return new Worker(bootstrap, { ...options, eval: true, execArgv: ["--conditions=react-server"] });
}

/**
 * SEAL_THREADS: sealing threads per process; by default one per core beyond the first (at most
 * 4), so none on one core, where a thread would only compete with the server's own.
 */
export function sealThreadCount(env: Record<string, string | undefined> = process.env): number {
  return readNumberSetting(env, "SEAL_THREADS", {
    fallback: Math.max(0, Math.min(4, availableParallelism() - 1)),
    min: 0,
    max: 64,
    whole: true,
    unit: "0 seals on the server's thread",
  });
}

/**
 * SEAL_THREAD_IDLE_SECONDS: a sealing thread that has sealed nothing for this long is ended and
 * its memory returned to the system; the next seal starts a new one, which makes that one seal
 * slower by under a second of one core. 0 keeps threads for good. The default, five minutes,
 * outlasts the gaps between signatures while a volume is being signed (a restart at most every
 * five minutes costs well under 1 % of a core) and returns 20–50 MB on a quiet day.
 */
export function sealThreadIdleSeconds(env: Record<string, string | undefined> = process.env): number {
  return readNumberSetting(env, "SEAL_THREAD_IDLE_SECONDS", {
    fallback: DEFAULT_IDLE_SECONDS,
    min: 0,
    max: 86_400,
    whole: true,
    unit: "seconds; 0 keeps threads for good",
  });
}

const DEFAULT_IDLE_SECONDS = 300;

let processThreads: SealThreads | undefined;

/**
 * This process's sealing threads (SEAL_THREADS), started by the first seal and ended after
 * SEAL_THREAD_IDLE_SECONDS without one.
 */
export function sealThreads(): SealThreads {
  processThreads ??= createSealThreads({ size: sealThreadCount(), idleMs: 1000 * sealThreadIdleSeconds() });
  return processThreads;
}

/**
 * At the worker's start: a bad SEAL_THREADS or SEAL_THREAD_IDLE_SECONDS, a missing thread script
 * or a missing font stops the start there rather than fail every seal later. No thread is started:
 * one holds 20–50 MB for as long as it lives, and the first seal starts it in under a second.
 */
export function prepareSealing(): void {
  sealThreads();
  if (sealThreadCount() === 0) return;
  for (const file of [defaultScript().file, ...FONT_FILES]) {
    try {
      accessSync(file, constants.R_OK);
    } catch (error) {
      throw new Error(`A sealing thread needs ${file}, which cannot be read.`, { cause: error });
    }
  }
}
