import { afterAll, beforeAll } from "vitest";
import { closeMailTransport } from "@/lib/mail/transport";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

/**
 * Sends this test file's mail to an SMTP sink of its own, started before its tests and closed
 * (with the app's transport) after them. Call at the top level of the file; read the sink through
 * the returned function inside tests.
 */
export function smtpSinkForThisFile(): () => SmtpSink {
  let sink: SmtpSink | undefined;
  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
  });
  afterAll(async () => {
    closeMailTransport();
    await sink?.close();
  });
  return () => {
    if (!sink) throw new Error("The SMTP sink is not started yet: read it inside a test.");
    return sink;
  };
}
