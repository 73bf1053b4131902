// V8's flags are the process's: --stress-flush-code, set around the web server's quiet collection
// (shrink-heap.ts), also flushes whatever a sealing thread collects meanwhile, and a thread that
// lost its code compiles pdf-lib, fontkit and the signer again for its next seals. Each sealing
// thread gets a gate, one Int32 shared with the server's thread: the count of its works under way
// (seals, its own idle collection), or SHUT while the server flushes. Work waits at a shut gate; the
// server flushes only when it can shut every gate at once, and otherwise collects without flushing.
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
  }
}

/**
 * The server's thread: runs `flush` with every sealing thread's gate shut, if none has work under
 * way; returns false, without running it, if one has.
 */
export async function withThreadsHeldOff(flush: () => Promise<void>): Promise<boolean> {
  const shut: Int32Array[] = [];
  const reopen = () => {
    for (const gate of shut) {
      Atomics.store(gate, 0, 0);
      Atomics.notify(gate, 0);
    }
  };
  for (const gate of gates) {
    if (Atomics.compareExchange(gate, 0, 0, SHUT) !== 0) {
      reopen();
      return false;
    }
    shut.push(gate);
  }
  try {
    await flush();
    return true;
  } finally {
    reopen();
  }
}
