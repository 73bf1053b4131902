import "server-only";
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import https from "node:https";
import * as asn1js from "asn1js";
import { AlgorithmIdentifier, MessageImprint, TimeStampReq, TimeStampResp } from "pkijs";
import { AppError } from "@/lib/errors/app-error";
import type { TimestampAuthority } from "./timestamp-authority-settings";
import { readTimestampToken, verifyTimestampToken } from "./verify-timestamp-token";

const SHA256 = "2.16.840.1.101.3.4.2.1";
// A reply holds one token with a few certificates: far below this. More is not a timestamp reply.
const MAX_REPLY_BYTES = 1024 * 1024;
const STATUS_WORDS = ["granted", "granted with modifications", "rejection", "waiting", "revocation warning", "revoked"];

export type TimestampToken = {
  /** The TimeStampToken (CMS ContentInfo) exactly as the authority sent it. */
  der: Buffer;
  /** The time the authority vouches for. */
  time: Date;
  /** The authority's name, from its certificate. */
  authority: string;
  serialNumber: string;
  certificateSha256: string;
};

/**
 * Asks an RFC 3161 authority to timestamp `data` (its SHA-256 is sent, with a fresh nonce and a
 * request for the authority's certificate) and returns the token only once it is checked: granted,
 * for this digest and nonce, signed by a timestamping certificate. Every failure — unreachable,
 * slower than TSA_TIMEOUT_SECONDS, not a timestamp reply, refused, for other data — is a
 * TIMESTAMP_UNAVAILABLE AppError whose sentence says which, so a seal can wait rather than go
 * without. The protocol objects come from pkijs; only the HTTP POST is written here.
 */
export async function requestTimestamp(
  authority: TimestampAuthority,
  data: Buffer | Buffer[],
): Promise<TimestampToken> {
  const parts = Array.isArray(data) ? data : [data];
  const digest = parts.reduce((hash, part) => hash.update(part), createHash("sha256")).digest();
  const nonce = positiveNonce();
  const request = new TimeStampReq({
    version: 1,
    messageImprint: new MessageImprint({
      hashAlgorithm: new AlgorithmIdentifier({ algorithmId: SHA256, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: digest }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
  const where = describeAuthority(authority.url);
  const reply = await postQuery(authority, Buffer.from(request.toSchema().toBER(false)), where);

  const tokenDer = tokenOf(reply, where);
  let tstNonce: Buffer | undefined;
  try {
    const { tstInfo } = readTimestampToken(tokenDer);
    tstNonce = tstInfo.nonce ? Buffer.from(tstInfo.nonce.valueBlock.valueHexView) : undefined;
  } catch (error) {
    throw unavailable(`${where} sent a timestamp token that cannot be read (${(error as Error).message}).`);
  }
  if (!tstNonce || stripLeadingZeros(tstNonce).compare(stripLeadingZeros(nonce)) !== 0)
    throw unavailable(`${where} answered with a timestamp for another request (the nonce does not match).`);
  const verdict = await verifyTimestampToken(tokenDer, parts);
  if (!verdict.valid) throw unavailable(`${where} answered with a timestamp that does not hold: ${verdict.problem}.`);
  return {
    der: tokenDer,
    time: verdict.time!,
    authority: verdict.authority!,
    serialNumber: verdict.serialNumber!,
    certificateSha256: verdict.certificateSha256!,
  };
}

/** The TimeStampToken's own bytes from a TimeStampResp, after checking the authority granted it. */
function tokenOf(reply: Buffer, where: string): Buffer {
  const notAReply = () => unavailable(`${where} answered with something that is not an RFC 3161 timestamp reply.`);
  const asn1 = asn1js.fromBER(new Uint8Array(reply));
  if (asn1.offset === -1 || !(asn1.result instanceof asn1js.Sequence)) throw notAReply();
  let response: TimeStampResp;
  try {
    response = new TimeStampResp({ schema: asn1.result });
  } catch {
    throw notAReply();
  }
  const status = response.status.status;
  if (status !== 0 && status !== 1) {
    const words = STATUS_WORDS[status] ?? `status ${status}`;
    const text = response.status.statusStrings?.map((value) => value.valueBlock.value).join(" ");
    throw unavailable(`${where} refused to timestamp (${words}${text ? `: ${text}` : ""}).`);
  }
  // The token exactly as sent, not pkijs's re-encoding of it.
  const token = asn1.result.valueBlock.value[1];
  if (!token) throw unavailable(`${where} granted a timestamp but sent no token.`);
  return Buffer.from(token.valueBeforeDecodeView);
}

function postQuery(authority: TimestampAuthority, body: Buffer, where: string): Promise<Buffer> {
  const url = new URL(authority.url);
  const client = url.protocol === "https:" ? https : http;
  const headers: Record<string, string | number> = {
    "Content-Type": "application/timestamp-query",
    Accept: "application/timestamp-reply",
    "Content-Length": body.length,
  };
  if (authority.username !== undefined)
    headers.Authorization = `Basic ${Buffer.from(`${authority.username}:${authority.password ?? ""}`).toString("base64")}`;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: "POST",
      headers,
      ...(authority.clientCertificate
        ? { cert: authority.clientCertificate.certificatePem, key: authority.clientCertificate.keyPem }
        : {}),
    });
    // One deadline for the whole exchange: an authority that trickles its answer is as slow as a silent one.
    const deadline = setTimeout(() => {
      request.destroy(unavailable(`${where} did not answer within ${authority.timeoutMs / 1000} s.`));
    }, authority.timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(deadline);
      reject(
        error instanceof AppError
          ? error
          : unavailable(`${where} could not be reached (${describeNetworkError(error)}).`),
      );
    };
    request.on("error", fail);
    request.on("response", (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        const hint =
          response.statusCode === 401 || response.statusCode === 403 ? " Check TSA_USERNAME and TSA_PASSWORD." : "";
        return fail(unavailable(`${where} answered HTTP ${response.statusCode}.${hint}`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_REPLY_BYTES)
          request.destroy(unavailable(`${where} answered with more than a timestamp reply can hold.`));
        else chunks.push(chunk);
      });
      response.on("error", fail);
      response.on("end", () => {
        clearTimeout(deadline);
        resolve(Buffer.concat(chunks));
      });
    });
    request.end(body);
  });
}

function describeNetworkError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET" || error.message === "socket hang up") return "it closed the connection";
  if (code === "ENOTFOUND") return "no such host";
  return code ?? error.message;
}

/** Names the authority without any credentials an operator may have put in the URL. */
function describeAuthority(address: string): string {
  const url = new URL(address);
  return `The timestamp authority at ${url.origin}${url.pathname === "/" ? "" : url.pathname}`;
}

function unavailable(userMessage: string): AppError {
  return new AppError("TIMESTAMP_UNAVAILABLE", { userMessage });
}

// A DER INTEGER is signed: a nonce with its top bit clear stays positive as sent.
function positiveNonce(): Buffer {
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] & 0x7f) | 0x01;
  return nonce;
}

function stripLeadingZeros(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  return value.subarray(start);
}
