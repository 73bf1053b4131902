import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { compileTrustedProxies } from "./client-address";
import { createFrontDoor } from "./front-door";

// The front door in front of a stand-in for Next that reports the request headers it was given.
let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function frontDoor({ https, trusted = "" }: { https: boolean; trusted?: string }) {
  const door = createFrontDoor({
    trust: compileTrustedProxies(trusted),
    https,
    handle: (request, response) => response.end(JSON.stringify(request.headers)),
  });
  server = http.createServer(door.onRequest);
  server.on("checkContinue", door.onCheckContinue);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the front door", () => {
  it("sends HSTS when APP_URL is https, and not when it is http", async () => {
    expect((await fetch(await frontDoor({ https: true }))).headers.get("strict-transport-security")).toMatch(
      /^max-age=\d+; includeSubDomains$/,
    );
    server!.close();
    server = undefined;
    expect((await fetch(await frontDoor({ https: false }))).headers.get("strict-transport-security")).toBeNull();
  });

  it("replaces the headers only it may set and hands the nonce it put in the response's CSP to Next", async () => {
    const response = await fetch(`${await frontDoor({ https: false })}/staff/x?y=1`, {
      headers: {
        "X-Imprimatur-Client-Ip": "203.0.113.9",
        "X-Imprimatur-Path": "/forged",
        "X-Imprimatur-Anything": "1",
        "Content-Security-Policy": "script-src 'nonce-mine'",
      },
    });
    const seen = (await response.json()) as Record<string, string>;
    expect(seen["x-imprimatur-client-ip"]).toBe("127.0.0.1");
    expect(seen["x-imprimatur-path"]).toBe("/staff/x");
    expect(seen["x-imprimatur-anything"]).toBeUndefined();
    expect(seen["content-security-policy"]).toBe(response.headers.get("content-security-policy"));
    expect(seen["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{24}' 'strict-dynamic'/);
  });

  it("passes forwarding headers to Next only from a trusted proxy", async () => {
    const claims = {
      "X-Forwarded-For": "203.0.113.9",
      "X-Forwarded-Host": "evil.example",
      "X-Forwarded-Proto": "https",
      Forwarded: "for=203.0.113.9",
    };
    const direct = (await (await fetch(await frontDoor({ https: false }), { headers: claims })).json()) as Record<
      string,
      string
    >;
    expect(Object.keys(direct).filter((name) => name.startsWith("x-forwarded-") || name === "forwarded")).toEqual([]);
    server!.close();
    server = undefined;
    const proxied = (await (
      await fetch(await frontDoor({ https: false, trusted: "127.0.0.1" }), { headers: claims })
    ).json()) as Record<string, string>;
    expect(proxied).toMatchObject({ "x-forwarded-host": "evil.example", "x-imprimatur-client-ip": "203.0.113.9" });
  });

  it("answers Expect: 100-continue for an oversized body with 413 instead of asking for it", async () => {
    const base = new URL(await frontDoor({ https: false }));
    const socket = net.connect({ host: base.hostname, port: Number(base.port) });
    const firstLine = new Promise<string>((resolve) =>
      socket.once("data", (chunk: Buffer) => resolve(chunk.toString("latin1").split("\r\n")[0])),
    );
    socket.write(
      ["POST /sign/x HTTP/1.1", "Host: a", "Expect: 100-continue", `Content-Length: ${30 * 1024 * 1024}`, "", ""].join(
        "\r\n",
      ),
    );
    expect(await firstLine).toBe("HTTP/1.1 413 Payload Too Large");
    socket.destroy();
  });

  it("sends the security headers with its own refusals too", async () => {
    const refused = await fetch(await frontDoor({ https: true }), { method: "POST", body: "x".repeat(70 * 1024) });
    expect(refused.status).toBe(413);
    expect(refused.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(refused.headers.get("permissions-policy")).toContain("camera=()");
    expect(refused.headers.get("strict-transport-security")).toContain("max-age=");
  });
});
