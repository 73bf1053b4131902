import { defineConfig } from "prisma/config";
import { cliMigrationAdapter } from "./lib/db/cli-migration-adapter";
import { unrefLongTimers } from "./lib/db/unref-long-timers";

unrefLongTimers();

// Loaded by the Prisma CLI only. The wasm schema engine ("js") needs no native binary, which
// this machine could not download.
export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => cliMigrationAdapter(process.env.DATABASE_URL ?? ""),
});
