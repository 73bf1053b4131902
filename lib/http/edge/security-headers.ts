import { randomBytes } from "node:crypto";

export function newNonce(): string {
  return randomBytes(18).toString("base64");
}

/**
 * Scripts run only when they carry this request's nonce, or are loaded by one that does
 * ('strict-dynamic': Next's chunks). Next reads the nonce from the request's
 * Content-Security-Policy header and puts it on every script it renders. Styles may be inline:
 * React's style attributes need it, and a style cannot run code.
 */
export function contentSecurityPolicy(nonce: string, { https }: { https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

// Nothing in Imprimatur uses a camera, a microphone, a location or a payment sheet; a script
// injected despite the CSP must not be able to ask for them either.
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "bluetooth=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "hid=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "serial=()",
  "usb=()",
  "xr-spatial-tracking=()",
].join(", ");

/** Two years, every subdomain: once a browser has seen the site over https it never tries http again. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * The response headers every answer carries; HSTS only when the app is served over https (a header
 * sent over http is ignored anyway, and would pin a local http setup).
 */
export function securityHeaders(nonce: string, { https }: { https: boolean }): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce, { https }),
    "Permissions-Policy": PERMISSIONS_POLICY,
    ...(https ? { "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY } : {}),
  };
}
