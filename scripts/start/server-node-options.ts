// Node flags for the web server process. A small young generation trades a little throughput for
// a much smaller resident set: the server is mostly idle between short requests. 4 MB semi-spaces
// rather than 2: over 200 staff list pages (four filters, 20,000 agreements; --trace-gc, two
// servers of each) a page took 1.1 young collections instead of 2.2, and a full collection came
// every 50–200 pages instead of every 33–100 (each a 15–85 ms pause on a loaded machine: the list's
// slowest answers), for 3–6 MB more resident when idle. V8's default (16 MB) cost ~20 MB at idle:
// V8 shrinks the young generation only after several seconds of quiet.
export const SERVER_NODE_OPTIONS = "--max-semi-space-size=4";

// And never smaller than that: the idle collection (lib/memory/shrink-heap.ts) shrinks the young
// generation to 0.5 MB, and V8 grows it back only as objects survive, which a page's garbage
// rarely does. A server back from a quiet spell then collected several times per staff list page:
// over 100,000 agreements the status and volume filters took p95 114–120 ms instead of 69–70
// (bench, one run each). Fixed at 4 MB, the quiet server keeps its 8 MB of semi-spaces. A flag
// NODE_OPTIONS refuses, so it is an argument of the server's node (spawnWebServer).
export const SERVER_NODE_ARGS = ["--min-semi-space-size=4"];

// glibc's malloc, as the web server (with its worker) uses it. By default every thread that
// allocates (libuv's pool doing crypto, zlib and file reads during a volume's import and its
// emails) may get an arena of its own, up to 8 per core, and freed memory stays in each arena:
// after a 10,000-paper run the process kept its peak for good. Two arenas, and trimming back to
// the system whatever is free above 128 KB at a heap's top, give that memory back; what is free
// below memory still in use goes back when the server is quiet (lib/memory/trim-malloc-heap.ts).
// An operator's own values win.
export const SERVER_MALLOC_SETTINGS = { MALLOC_ARENA_MAX: "2", MALLOC_TRIM_THRESHOLD_: "131072" };

export function withServerNodeOptions(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...SERVER_MALLOC_SETTINGS,
    ...env,
    NODE_OPTIONS: [env.NODE_OPTIONS, SERVER_NODE_OPTIONS].filter(Boolean).join(" "),
  };
}
