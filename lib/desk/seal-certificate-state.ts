import "server-only";
import { describeError } from "@/lib/errors/describe-error";
import { signingCertificateFromEnv } from "@/lib/signing/signing-certificate";

const DAY_MS = 86_400_000;

export type SealCertificateState =
  | { ok: true; selfSigned: boolean; subject: string; notAfter: Date; daysLeft: number; fingerprintSha256: string }
  | { ok: false; problem: string };

/** The seal certificate as the staff home shows it: whose, until when, or why it cannot be read. */
export async function sealCertificateState(now = new Date()): Promise<SealCertificateState> {
  try {
    const certificate = await signingCertificateFromEnv();
    return {
      ok: true,
      selfSigned: certificate.selfSigned,
      subject: certificate.subject,
      notAfter: certificate.notAfter,
      daysLeft: Math.floor((certificate.notAfter.getTime() - now.getTime()) / DAY_MS),
      fingerprintSha256: certificate.fingerprintSha256,
    };
  } catch (error) {
    return { ok: false, problem: describeError(error).userMessage };
  }
}
