import "server-only";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

type CompilerWasm = { getQueryCompilerWasmModule: () => Promise<WebAssembly.Module> };

const WASM_BASE64_FILE = "@prisma/client/runtime/query_compiler_bg.postgresql.wasm-base64.js";

/**
 * Prisma's generated client imports its query compiler (wasm) as a JavaScript module holding the
 * binary as one base64 string: that module's source and the string stay in the heap for the life
 * of the process, 2 × 2.5 MB. This reads the same file once, decodes it and lets both go. Should
 * Prisma change how it hands the compiler over, the client keeps its own loader.
 */
export function readQueryCompilerFromFile(client: object) {
  const compilerWasm = (client as { _engineConfig?: { compilerWasm?: CompilerWasm } })._engineConfig?.compilerWasm;
  if (!compilerWasm || typeof compilerWasm.getQueryCompilerWasmModule !== "function") return;
  const prismaOwn = compilerWasm.getQueryCompilerWasmModule;
  compilerWasm.getQueryCompilerWasmModule = async () => {
    const compiled = await compileFromFile().catch(() => undefined);
    return compiled ?? prismaOwn();
  };
}

async function compileFromFile(): Promise<WebAssembly.Module | undefined> {
  // Resolved from the app's root: the server bundle has no module path of its own to resolve from.
  const file = createRequire(path.join(process.cwd(), "package.json")).resolve(WASM_BASE64_FILE);
  const text = await readFile(file, "utf8");
  const start = text.indexOf('"AGFzbQ');
  const end = start < 0 ? -1 : text.indexOf('"', start + 1);
  if (end < 0) return undefined;
  return new WebAssembly.Module(Buffer.from(text.slice(start + 1, end), "base64"));
}
