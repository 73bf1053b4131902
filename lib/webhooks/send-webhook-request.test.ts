import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendWebhookRequest } from "./send-webhook-request";

// A receiver that keeps the first connection open after answering, then drops it unanswered when
// the next request arrives on it: what a server closing an idle kept-alive connection looks like.
let requestsSeen = 0;
const server = createServer((socket: Socket) => {
  let onThisSocket = 0;
  socket.on("data", (chunk) => {
    if (!chunk.toString().startsWith("POST ")) return;
    requestsSeen++;
    onThisSocket++;
    if (onThisSocket === 2) return void socket.destroy();
    socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok");
  });
});
let url: URL;
beforeAll(async () => {
  process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("sending one webhook", () => {
  it("a kept-alive connection the receiver drops as it is reused is retried once on a new one", async () => {
    const headers = { "content-type": "application/json" };
    expect(await sendWebhookRequest(url, headers, "{}")).toMatchObject({ status: 200, error: null });
    expect(await sendWebhookRequest(url, headers, "{}")).toMatchObject({ status: 200, error: null });
    // The second message was seen twice: once on the dropped connection, once on the new one.
    expect(requestsSeen).toBe(3);
  });
});
