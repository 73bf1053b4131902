import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { answerDatabaseOutage } from "./answer-database-outage";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

/** A server whose pages all fail as `render` does, behind the outage door, and its address. */
async function serving(render: (response: ServerResponse) => Promise<void>) {
  server = createServer(answerDatabaseOutage((_request, response) => render(response)));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/staff/webhooks`;
}

// The database answers (this file's own): a 500 is Next's own error, held only while the probe asks.
describe("a page's 500 while the database answers", () => {
  it("ends when Next ends it with the `end` it took while the 500 was held, after the probe has answered", async () => {
    const url = await serving(async (response) => {
      // Next's stream keeps the `end` it took from the response, and calls it when its page is done.
      const end = response.end.bind(response);
      response.writeHead(500, { "Content-Type": "text/html; charset=utf-8" });
      response.write("<html>Something went wrong");
      // Still rendering when the probe finds the database answering and lets the 500 through.
      while (!response.headersSent) await new Promise((resolve) => setTimeout(resolve, 5));
      end("</html>");
    });
    const answer = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    expect(answer.status).toBe(500);
    expect(await answer.text()).toBe("<html>Something went wrong</html>");
  });

  it("is sent as Next wrote it when Next ends it before the probe has answered", async () => {
    const url = await serving(async (response) => {
      response.writeHead(500, { "Content-Type": "text/html; charset=utf-8" });
      response.write("<html>Something went wrong");
      response.end("</html>");
    });
    const answer = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    expect(answer.status).toBe(500);
    expect(await answer.text()).toBe("<html>Something went wrong</html>");
  });
});
