import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-database.ts"],
    // Vitest runs one file at a time where it sees two cores (it keeps one for itself), yet these
    // files spend much of their time waiting on PostgreSQL, servers and child processes, not on
    // this process: two at a time use the second core. Each file has its own database
    // (test/setup-database.ts), and the one build they share is made by one at a time
    // (test/next-build.ts).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
