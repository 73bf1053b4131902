import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

describe("security headers", () => {
  it("allows scripts only with the nonce: no unsafe-inline or unsafe-eval, no framing, no foreign forms or base", () => {
    const policy = contentSecurityPolicy("abc123", { https: false });
    const scriptSrc = policy.split("; ").find((directive) => directive.startsWith("script-src"));
    expect(scriptSrc).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).not.toMatch(/unsafe-eval/);
    for (const directive of ["frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'", "object-src 'none'"])
      expect(policy).toContain(directive);
  });

  it("sends HSTS only when the app is served over https", () => {
    expect(securityHeaders("n", { https: true })["Strict-Transport-Security"]).toMatch(
      /^max-age=\d{8}; includeSubDomains$/,
    );
    expect(securityHeaders("n", { https: false })).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders("n", { https: false })["Permissions-Policy"]).toMatch(
      /camera=\(\).*geolocation=\(\).*microphone=\(\).*payment=\(\)/,
    );
  });
});
