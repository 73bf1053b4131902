// V8's flags are the process's: --stress-flush-code, set around the web server's quiet collection
// (shrink-heap.ts), also flushes whatever a sealing thread collects meanwhile, and a thread that
// lost its code compiles pdf-lib, fontkit and the signer again for its next seals. Each sealing
// thread gets a gate, one Int32 shared with the server's thread: the count of its works under way
// (seals, its own idle collection), or SHUT while the server flushes. Work waits at a shut gate; the
// server flushes only when it can shut every gate at once: it waits a little for work under way to
// end, and otherwise collects without flushing.
// No library does this: Atomics are the one way two isolates agree on anything synchronously.

const SHUT = -1;
const gates = new Set<Int32Array>();

/** The server's thread: a gate for a sealing thread it starts (`gate` goes in workerData); `close` once it ended. */
export function openThreadGate(): { gate: Int32Array; close: () => void } {
  const gate = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  gates.add(gate);
  return { gate, close: () => void gates.delete(gate) };
}

/** A sealing thread: runs `work` counted at its gate, after waiting while the server flushes. */
export async function workThroughGate<T>(gate: Int32Array | undefined, work: () => Promise<T>): Promise<T> {
  if (!gate) return work();
  for (;;) {
    const count = Atomics.load(gate, 0);
    if (count === SHUT) {
      // A pending waitAsync does not keep Node's event loop alive: a thread with nothing else to do
      // would end here instead of waiting.
      const keepAlive = setInterval(() => {}, 60_000);
      await Atomics.waitAsync(gate, 0, SHUT).value;
      clearInterval(keepAlive);
      continue;
    }
    if (Atomics.compareExchange(gate, 0, count, count + 1) === count) break;
  }
  try {
    return await work();
  } finally {
    Atomics.sub(gate, 0, 1);
    Atomics.notify(gate, 0);
  }
}

/** Shuts every gate, or none: the gates shut, or a gate with work under way (the others reopened). */
function shutEvery(): { shut: Int32Array[] } | { busy: Int32Array } {
  const shut: Int32Array[] = [];
  for (const gate of gates) {
    if (Atomics.compareExchange(gate, 0, 0, SHUT) !== 0) {
      reopen(shut);
      return { busy: gate };
    }
    shut.push(gate);
  }
  return { shut };
}

// Only the gates this flush shut: a thread started meanwhile has a gate counting its own work.
function reopen(shut: Int32Array[]) {
  for (const gate of shut) {
    Atomics.store(gate, 0, 0);
    Atomics.notify(gate, 0);
  }
}

/**
 * The server's thread: runs `flush` with every sealing thread's gate shut, once none has work under
 * way; waits up to `waitMs` for that (a thread's own quiet collection, which may have begun just
 * before, takes ~0.1–0.3 s), and returns false, without running it, if a thread still works then.
 */
export async function withThreadsHeldOff(flush: () => Promise<void>, { waitMs = 2000 } = {}): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  let attempt = shutEvery();
  while ("busy" in attempt) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    const count = Atomics.load(attempt.busy, 0);
    if (count > 0) await Atomics.waitAsync(attempt.busy, 0, count, left).value;
    attempt = shutEvery();
  }
  try {
    await flush();
    return true;
  } finally {
    reopen(attempt.shut);
  }
}
