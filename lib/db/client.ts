import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { readNumberSetting } from "@/lib/config/read-number-setting";
import { PrismaClient } from "./generated/client";
import { readQueryCompilerFromFile } from "./query-compiler-wasm";

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString)
    throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides one.");
  const client = new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: databasePoolSize() }),
    // Prisma gives up on a transaction that waits 2 s for a pooled connection. When fifty authors
    // sign at once, with seals rendering in the same process, the queue for the pool is longer than
    // that, and an author was told "something went wrong" while a connection was moments away.
    transactionOptions: { maxWait: 10_000, timeout: 10_000 },
  });
  readQueryCompilerFromFile(client);
  return client;
}

/** DATABASE_POOL_SIZE: connections this process's Prisma client keeps. */
export function databasePoolSize(): number {
  return readNumberSetting(process.env, "DATABASE_POOL_SIZE", {
    fallback: 10,
    min: 1,
    max: 1000,
    whole: true,
    unit: "connections",
  });
}

// One client per process; Next's dev server reloads modules, so it is kept on globalThis.
const holder = globalThis as unknown as { imprimaturDb?: PrismaClient };

export function getDb(): PrismaClient {
  holder.imprimaturDb ??= createClient();
  return holder.imprimaturDb;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get: (_target, property) => {
    const client = getDb();
    const value = Reflect.get(client, property);
    return typeof value === "function" ? value.bind(client) : value;
  },
});
