import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { taskList } from "@/lib/worker/task-list";
import { issueTestAgreement, refusal, STAFF } from "@/test/agreement-fixtures";
import { runQueuedJobs } from "@/test/run-queued-jobs";
import { startWebhookReceiver } from "@/test/webhook-receiver";
import { registerWebhookEndpoint } from "./register-webhook-endpoint";
import { addressRefusal, guardedLookup } from "./webhook-address-policy";

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());
beforeEach(async () => {
  delete process.env.WEBHOOK_ALLOWED_HOSTS;
  await db.webhookEndpoint.deleteMany();
  receiver.received.length = 0;
});

const register = (url: string) => refusal(registerWebhookEndpoint(STAFF, { url, events: ["agreement.issued"] }));
const deliverWebhooks = () => runQueuedJobs({ deliver_webhook: taskList.deliver_webhook });

describe("where webhooks may be sent", () => {
  it.each([
    ["http://127.0.0.1/hooks", "loopback"],
    ["http://[::1]:8080/hooks", "loopback"],
    ["http://10.1.2.3/hooks", "private (RFC 1918)"],
    ["http://192.168.0.10/hooks", "private (RFC 1918)"],
    ["http://169.254.169.254/latest/meta-data/", "link-local"],
    ["http://100.64.0.1/hooks", "shared (CGNAT)"],
    ["http://[fd00::1]/hooks", "private (unique local)"],
    ["http://[::ffff:127.0.0.1]/hooks", "loopback"],
    ["http://[::ffff:a9fe:a9fe]/hooks", "link-local"],
    ["http://0.0.0.0/hooks", "unspecified"],
    ["http://224.0.0.1/hooks", "multicast"],
    ["http://localhost:3000/hooks", "loopback"],
  ])("registering %s is refused as a %s address, and nothing is stored", async (url, kind) => {
    expect(await register(url)).toContain(`is a ${kind} address, which webhooks may not be sent to`);
    expect(await db.webhookEndpoint.count()).toBe(0);
  });

  it.each([
    ["ftp://example.org/hooks", "Only http:// and https:// URLs"],
    ["file:///etc/passwd", "Only http:// and https:// URLs"],
    ["not a url", "Enter a whole URL"],
    ["http://user:pw@203.0.113.10/hooks", "no user name or password"],
  ])("registering %s is refused: %s", async (url, why) => {
    expect(await register(url)).toContain(why);
  });

  it("IPv4 forms hidden in IPv6 (mapped, compatible, NAT64, 6to4) are refused like the address they carry", () => {
    for (const address of ["::ffff:10.0.0.1", "::7f00:1", "64:ff9b::7f00:1", "2002:7f00:1::1", "fe80::1"]) {
      expect(addressRefusal(address, "example.org"), address).not.toBeNull();
    }
    expect(addressRefusal("203.0.113.10", "example.org")).toMatch(/non-public/);
    expect(addressRefusal("8.8.8.8", "example.org")).toBeNull();
    expect(addressRefusal("2606:4700::1111", "example.org")).toBeNull();
  });

  it("WEBHOOK_ALLOWED_HOSTS lets a listed host name or range through, and only that", async () => {
    process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.0/8, hooks.internal.example";
    expect(await register(receiver.url)).toBe("no error");
    expect(await register("http://10.1.2.3/hooks")).toContain("private (RFC 1918)");
    expect(addressRefusal("10.9.9.9", "hooks.internal.example")).toBeNull();
    expect(addressRefusal("10.9.9.9", "other.internal.example")).not.toBeNull();
    await issueTestAgreement();
    await deliverWebhooks();
    expect(await receiver.waitFor(1)).toHaveLength(1);
  });

  it("is checked again at delivery: an address no longer allowed gets nothing, and the attempt says why", async () => {
    process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
    await registerWebhookEndpoint(STAFF, { url: receiver.url, events: ["agreement.issued"] });
    process.env.WEBHOOK_ALLOWED_HOSTS = "localhost";
    await registerWebhookEndpoint(STAFF, {
      url: `http://localhost:${receiver.port}/by-name`,
      events: ["agreement.issued"],
    });
    delete process.env.WEBHOOK_ALLOWED_HOSTS;
    await issueTestAgreement();
    await deliverWebhooks();
    const attempts = await db.webhookAttempt.findMany({ include: { delivery: { include: { endpoint: true } } } });
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) {
      expect(attempt).toMatchObject({ succeeded: false, responseStatus: null });
      expect(attempt.error).toMatch(/is a loopback address, which webhooks may not be sent to/);
    }
    expect(receiver.received).toHaveLength(0);
  });

  it("the connection's own lookup refuses a name that resolves to an internal address", async () => {
    const lookup = guardedLookup("localhost");
    const outcome = await new Promise<string>((resolve) =>
      lookup("localhost", { all: true }, (error) => resolve(error ? error.message : "resolved")),
    );
    expect(outcome).toMatch(/loopback address/);
  });
});
