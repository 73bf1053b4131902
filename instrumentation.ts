// Runs once when a Next.js server starts: every instance also works the job queue.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundWork } = await import("./lib/worker/start-background-work");
  try {
    await startBackgroundWork();
  } catch (error) {
    // Left to Next, a failed start (a bad SIGNING_CERT_P12, a worker setting that is not a number)
    // is logged with its stack at every request while the server answers nothing: the operator
    // saw hundreds of traces, then "did not answer within a minute". Say it once and stop.
    console.error(`\nThe web server cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
