import type { Session } from "node:inspector";
import v8 from "node:v8";
import { collectGarbage } from "./collect-garbage";
import { withThreadsHeldOff } from "./thread-code-gate";

// One session per thread, connected at the first shrink and kept: it enables no domain, opens no
// port and holds nothing but its connection. undefined: not tried yet; null: this Node has no
// inspector (built without it: node:inspector then throws as it loads), and the thread compacts
// as it did before.
let session: Session | null | undefined;

async function connect(): Promise<Session | null> {
  try {
    const { Session } = await import("node:inspector");
    const connected = new Session();
    connected.connect();
    return connected;
  } catch {
    return null;
  }
}

async function lowMemoryCollection(): Promise<void> {
  session ??= await connect();
  if (!session) return collectGarbage({ compact: true });
  const connected = session;
  await new Promise<void>((resolve, reject) =>
    // The answer comes inside the inspector's dispatch, where posting again or disconnecting
    // hangs the thread (seen on Node 20): whatever follows runs on a later turn.
    connected.post("HeapProfiler.collectGarbage", (error) => setImmediate(() => (error ? reject(error) : resolve()))),
  );
}

/**
 * The heap as small as V8 makes it: V8's own low-memory collection (Isolate::LowMemoryNotification,
 * which Node offers only through the inspector's HeapProfiler.collectGarbage). It compacts the
 * pages its garbage left half-empty, as collectGarbage({ compact }) does (collect-when-idle.test.ts),
 * and it also shrinks the young generation back to its initial size: a plain full collection
 * leaves both semi-spaces committed at their largest, empty (the idle web server: 8 MB of new space
 * holding 0.4; a sealing thread: the same 8 MB), and V8 itself shrinks them only under a low allocation rate
 * that a quiet process, which collects nothing, never measures. It takes about what the compacting
 * collection took (a 65 MB heap, loaded machine: 213–254 ms against 242–287, 3 runs each); with
 * --compact-on-every-full-gc on top it took 2.5 times as long for no page more.
 *
 * With `flushBytecode`, the collection also drops the bytecode (and the optimized code) of every
 * function not running at that moment, whatever its age: V8's --stress-flush-code, set around this
 * one collection as collectGarbage sets compaction. A function flushed is compiled again, from its
 * source, the next time it runs. V8's flags are the process's, so it flushes only while no sealing
 * thread works and holds their work off meanwhile (thread-code-gate.ts); when one still works after
 * 2 s, the collection keeps the code.
 */
export async function shrinkHeap({ flushBytecode = false }: { flushBytecode?: boolean } = {}): Promise<void> {
  if (!flushBytecode) return lowMemoryCollection();
  const flushed = await withThreadsHeldOff(async () => {
    v8.setFlagsFromString("--stress-flush-code");
    try {
      await lowMemoryCollection();
    } finally {
      v8.setFlagsFromString("--no-stress-flush-code");
    }
  });
  if (!flushed) await lowMemoryCollection();
}
