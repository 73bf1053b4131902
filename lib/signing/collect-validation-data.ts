import "server-only";
import * as asn1js from "asn1js";
import {
  Certificate,
  CertificateRevocationList,
  CRLDistributionPoints,
  GeneralName,
  InfoAccess,
  OCSPRequest,
  OCSPResponse,
} from "pkijs";
import { AppError } from "@/lib/errors/app-error";
import type { ValidationData } from "./add-document-timestamp";
import { parseSignedData } from "./pdf-signature-cms";
import { readSignatureByteRange, readSignatureContents } from "./pdf-signature-location";

const SIGNATURE_TIMESTAMP_TOKEN = "1.2.840.113549.1.9.16.2.14";
const CRL_DISTRIBUTION_POINTS = "2.5.29.31";
const AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
const OCSP_ACCESS = "1.3.6.1.5.5.7.48.1";
const URI = 6;
// A CRL of a busy CA runs to megabytes; more than this is not one we want inside a PDF.
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * The validation data for every signature already in `pdf`: the certificates each carries (the
 * seal's chain, and the chains inside its signature timestamp and any earlier document
 * timestamps), and, for each certificate that names a CRL distribution point or an OCSP responder
 * (http), the CRL and OCSP response fetched now. A certificate that names none (our generated,
 * self-signed seal) adds no revocation data: there is nothing to ask. A source that cannot be
 * reached or answers nonsense throws TIMESTAMP_UNAVAILABLE, so the document is left as it was and
 * tried again on the next run rather than given incomplete B-LT data.
 */
export async function collectValidationData(pdf: Uint8Array, options: { timeoutMs: number }): Promise<ValidationData> {
  const certificates = certificatesInPdf(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  const parsed = certificates.map((der) => Certificate.fromBER(new Uint8Array(der)));
  const crls: Buffer[] = [];
  const ocspResponses: Buffer[] = [];
  for (const certificate of parsed) {
    if (isSelfIssued(certificate)) continue;
    for (const url of crlUrls(certificate)) crls.push(await fetchCrl(url, options.timeoutMs));
    const issuer = parsed.find((candidate) => candidate.subject.isEqual(certificate.issuer));
    if (!issuer) continue;
    for (const url of ocspUrls(certificate))
      ocspResponses.push(await fetchOcspResponse(url, certificate, issuer, options.timeoutMs));
  }
  return { certificates, crls, ocspResponses };
}

/** Every certificate embedded in the PDF's signatures and their timestamp tokens, once each. */
export function certificatesInPdf(pdf: Buffer): Buffer[] {
  const found = new Map<string, Buffer>();
  const add = (der: Buffer) => found.set(der.toString("base64"), der);
  for (let at = pdf.indexOf("/ByteRange"); at !== -1; at = pdf.indexOf("/ByteRange", at + 1)) {
    const range = readSignatureByteRange(pdf, at);
    const contents = range && readSignatureContents(pdf, at, range);
    if (!contents) continue;
    const signed = parseSignedData(contents.der);
    signed.certificates.forEach(add);
    for (const token of embeddedTimestampTokens(signed.signedData)) parseSignedData(token).certificates.forEach(add);
  }
  return [...found.values()];
}

function embeddedTimestampTokens(signedData: ReturnType<typeof parseSignedData>["signedData"]): Buffer[] {
  const attributes = signedData.signerInfos[0].unsignedAttrs?.attributes ?? [];
  return attributes
    .filter((attribute) => attribute.type === SIGNATURE_TIMESTAMP_TOKEN)
    .flatMap((attribute) => attribute.values.map((value: asn1js.AsnType) => Buffer.from(value.toBER(false))));
}

function isSelfIssued(certificate: Certificate): boolean {
  return certificate.subject.isEqual(certificate.issuer);
}

function crlUrls(certificate: Certificate): string[] {
  const extension = certificate.extensions?.find((candidate) => candidate.extnID === CRL_DISTRIBUTION_POINTS);
  if (!(extension?.parsedValue instanceof CRLDistributionPoints)) return [];
  return extension.parsedValue.distributionPoints.flatMap((point) => {
    const names = point.distributionPoint;
    return Array.isArray(names) ? httpUris(names).slice(0, 1) : [];
  });
}

function ocspUrls(certificate: Certificate): string[] {
  const extension = certificate.extensions?.find((candidate) => candidate.extnID === AUTHORITY_INFO_ACCESS);
  if (!(extension?.parsedValue instanceof InfoAccess)) return [];
  const ocsp = extension.parsedValue.accessDescriptions.filter((access) => access.accessMethod === OCSP_ACCESS);
  return httpUris(ocsp.map((access) => access.accessLocation)).slice(0, 1);
}

function httpUris(names: GeneralName[]): string[] {
  return names
    .filter((name) => name.type === URI && typeof name.value === "string" && /^https?:\/\//i.test(name.value))
    .map((name) => name.value as string);
}

async function fetchCrl(url: string, timeoutMs: number): Promise<Buffer> {
  const body = await fetchBytes(url, timeoutMs, "the revocation list (CRL)");
  // Some CAs publish PEM; the DSS holds DER.
  const pem = /-----BEGIN X509 CRL-----([\s\S]+?)-----END X509 CRL-----/.exec(body.toString("latin1"));
  const der = pem ? Buffer.from(pem[1].replace(/\s+/g, ""), "base64") : body;
  try {
    CertificateRevocationList.fromBER(new Uint8Array(der));
  } catch {
    throw unavailable(`The revocation list at ${url} is not a CRL.`);
  }
  return der;
}

async function fetchOcspResponse(url: string, certificate: Certificate, issuer: Certificate, timeoutMs: number) {
  const request = new OCSPRequest();
  await request.createForCertificate(certificate, { hashAlgorithm: "SHA-1", issuerCertificate: issuer });
  const body = await fetchBytes(url, timeoutMs, "the OCSP responder", {
    method: "POST",
    headers: { "Content-Type": "application/ocsp-request" },
    body: Buffer.from(request.toSchema(true).toBER(false)),
  });
  let status: number;
  try {
    status = OCSPResponse.fromBER(new Uint8Array(body)).responseStatus.valueBlock.valueDec;
  } catch {
    throw unavailable(`The OCSP responder at ${url} answered with something that is not an OCSP response.`);
  }
  if (status !== 0) throw unavailable(`The OCSP responder at ${url} refused to answer (status ${status}).`);
  return body;
}

async function fetchBytes(url: string, timeoutMs: number, what: string, init: RequestInit = {}): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : "unreachable";
    throw unavailable(`${capitalised(what)} at ${url} could not be fetched (${reason}).`);
  }
  if (!response.ok) throw unavailable(`${capitalised(what)} at ${url} answered HTTP ${response.status}.`);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length === 0 || body.length > MAX_RESPONSE_BYTES)
    throw unavailable(`${capitalised(what)} at ${url} answered with ${body.length} bytes.`);
  return body;
}

const capitalised = (text: string) => text[0].toUpperCase() + text.slice(1);

function unavailable(userMessage: string): AppError {
  return new AppError("TIMESTAMP_UNAVAILABLE", { userMessage });
}
