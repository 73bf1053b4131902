// The Prisma CLI stays alive 10–60 s after its work is done, held by long idle timers (pool idle
// timeouts, telemetry). Loaded only by prisma.config.ts, so only the CLI process is affected.
const setTimeoutOriginal = globalThis.setTimeout;

export function unrefLongTimers(thresholdMs = 1000) {
  globalThis.setTimeout = ((handler: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
    const timer = setTimeoutOriginal(handler, delay, ...args);
    if ((delay ?? 0) >= thresholdMs) timer.unref?.();
    return timer;
  }) as typeof setTimeout;
}
