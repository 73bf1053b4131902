// Runs once when a Next.js server starts: every instance also works the job queue.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundWorkOrExit } = await import("./lib/worker/start-background-work");
  await startBackgroundWorkOrExit();
}
