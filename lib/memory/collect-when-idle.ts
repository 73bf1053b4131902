import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { shrinkHeap } from "./shrink-heap";
import { trimMallocHeap } from "./trim-malloc-heap";

// How long the server must have had no request in flight before it collects. Long enough that a
// page's own follow-up requests (its assets, the form's POST) and a busy period's gaps never wait
// on a collection; short enough that a server left alone gives its memory back soon.
export const QUIET_MS = 3000;

type Collect = () => unknown;

// The idle collection is V8's low-memory one, compacting (shrink-heap.ts). On a sealing thread it
// also gives back the young generation (8 MB of semi-spaces); the web server's is held at 4 MB
// (scripts/start/server-node-options.ts), since a server back from a quiet spell with a small one
// collected several times per staff list page. Then malloc's free pages go back too: the
// collection frees what V8 and Node held in malloc (compiler zones, Buffers), which glibc would
// otherwise keep resident (trim-malloc-heap.ts).
//
// The web server's also drops the bytecode of what is not running (flushBytecode): most of what
// Next, Prisma and the worker compiled while starting never runs again, and what a request needs is
// compiled again when it comes. Measured on the bench's server (`--only=sign`, quiet machine):
// 132.2–132.6 MB resident 5 s after the last request against 137.4–137.6, and the first signing
// page after each of 8 quiet spells of 5 s took 12.7–17.7 ms against 11.1–14.9 (the second one
// 5.6–10.5 either way). On a loaded machine that first page looked ~90 ms against ~40 before. A
// sealing thread keeps its code (seal-thread-entry.ts): it would compile pdf-lib, fontkit and the
// signer again for its next seal.
export function shrinkIdleMemory({ flushBytecode }: { flushBytecode: boolean }): Collect {
  return async () => {
    await shrinkHeap({ flushBytecode });
    trimMallocHeap();
  };
}

export type IdleCollector = {
  /** A piece of work (a request, a seal) has started: no collection until it and the others end. */
  begin(): void;
  /** It has ended: once nothing else runs and `quietMs` pass without new work, one collection. */
  end(): void;
};

/**
 * Collects once a thread has had no work in flight for `quietMs`: V8 otherwise keeps the last
 * work's garbage, the pages it filled and the code it compiled until its heap grows again, which
 * on an idle server (or sealing thread) is never (its memory reducer did not act within 20 s of
 * quiet here). Nothing happens while work keeps coming, and only once per quiet period. The
 * collection compacts: a plain one frees the objects but leaves the survivors spread over the
 * pages they were in (measured on the idle server: 40 MB of old space holding 32).
 */
export function idleCollector({
  quietMs = QUIET_MS,
  collect = shrinkIdleMemory({ flushBytecode: true }),
}: { quietMs?: number; collect?: Collect } = {}) {
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;
  return {
    begin() {
      inFlight++;
      clearTimeout(timer);
    },
    end() {
      if (--inFlight > 0) return;
      timer = setTimeout(() => {
        if (inFlight === 0) void collect();
      }, quietMs).unref();
    },
  } satisfies IdleCollector;
}

/** The web server's idle collection: after its last answer and `quietMs` without a request. */
export function collectWhenIdle(server: Pick<Server, "on">, options: { quietMs?: number; collect?: Collect } = {}) {
  const collector = idleCollector(options);
  const track = (_request: IncomingMessage, response: ServerResponse) => {
    collector.begin();
    response.once("close", () => collector.end());
  };
  // A request with `Expect: 100-continue` arrives as "checkContinue" instead of "request".
  server.on("request", track);
  server.on("checkContinue", track);
}
