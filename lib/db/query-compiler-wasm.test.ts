import { PrismaPg } from "@prisma/adapter-pg";
import { describe, expect, it } from "vitest";
import { PrismaClient } from "./generated/client";
import { readQueryCompilerFromFile } from "./query-compiler-wasm";

type Loader = () => Promise<WebAssembly.Module>;
const compilerWasmOf = (client: PrismaClient) =>
  (client as unknown as { _engineConfig: { compilerWasm: { getQueryCompilerWasmModule: Loader } } })._engineConfig
    .compilerWasm;

describe("the Prisma client's query compiler", () => {
  it("is compiled from Prisma's file on disk, not through the module that keeps its base64 text in the heap", async () => {
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) });
    const compilerWasm = compilerWasmOf(client);
    const prismaOwn = compilerWasm.getQueryCompilerWasmModule;
    let prismaOwnCalls = 0;
    compilerWasm.getQueryCompilerWasmModule = () => {
      prismaOwnCalls++;
      return Promise.reject(new Error("Prisma's own loader was used"));
    };
    try {
      readQueryCompilerFromFile(client);
      expect(await client.user.count({ where: { email: "nobody@example.org" } })).toBe(0);
      expect(prismaOwnCalls).toBe(0);
    } finally {
      compilerWasm.getQueryCompilerWasmModule = prismaOwn;
      await client.$disconnect();
    }
  });
});
