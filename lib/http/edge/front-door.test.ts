import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { compileTrustedProxies } from "./client-address";
import { createFrontDoor } from "./front-door";

// The front door in front of a stand-in for Next that reports the request headers it was given.
let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function frontDoor({ https }: { https: boolean }) {
  const door = createFrontDoor({ trust: compileTrustedProxies(""), https, handle: (request, response) => response.end(JSON.stringify(request.headers)) });
  server = http.createServer(door.onRequest);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the front door", () => {
  it("sends HSTS when APP_URL is https, and not when it is http", async () => {
    expect((await fetch(await frontDoor({ https: true }))).headers.get("strict-transport-security")).toMatch(/^max-age=\d+; includeSubDomains$/);
    server!.close();
    server = undefined;
    expect((await fetch(await frontDoor({ https: false }))).headers.get("strict-transport-security")).toBeNull();
  });

  it("replaces the headers only it may set and hands the nonce it put in the response's CSP to Next", async () => {
    const response = await fetch(`${await frontDoor({ https: false })}/staff/x?y=1`, {
      headers: { "X-Imprimatur-Client-Ip": "203.0.113.9", "X-Imprimatur-Path": "/forged", "X-Imprimatur-Anything": "1", "Content-Security-Policy": "script-src 'nonce-mine'" },
    });
    const seen = (await response.json()) as Record<string, string>;
    expect(seen["x-imprimatur-client-ip"]).toBe("127.0.0.1");
    expect(seen["x-imprimatur-path"]).toBe("/staff/x");
    expect(seen["x-imprimatur-anything"]).toBeUndefined();
    expect(seen["content-security-policy"]).toBe(response.headers.get("content-security-policy"));
    expect(seen["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{24}' 'strict-dynamic'/);
  });
});
