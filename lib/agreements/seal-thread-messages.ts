import type { AppErrorCode } from "@/lib/errors/app-error";
import type { SealedPdf } from "@/lib/signing/seal-pdf";
import type { SigningCertificate } from "@/lib/signing/signing-certificate";
import type { SealDocumentTask } from "./seal-document";

/** What the server's thread posts to a sealing thread: one seal. */
export type SealThreadRequest = { id: number; task: SealDocumentTask; certificate: SigningCertificate };

/** What a sealing thread posts back: that it is warmed up and ready, or one seal's result or error. */
export type SealThreadReply =
  { ready: true } | { id: number; sealed: SealedPdf } | { id: number; error: { code?: AppErrorCode; message: string } };

/**
 * The thread's workerData: warmUp renders throwaway agreements before it says it is ready (warm());
 * quietMs, how long the thread waits without a seal before it shrinks its heap (collect-when-idle);
 * codeGate, where its work waits while the server's thread flushes code (thread-code-gate.ts).
 */
export type SealThreadData = { warmUp: boolean; quietMs?: number; codeGate?: Int32Array };
