import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./free-port";

export type SmtpSink = {
  url: string;
  mails: ParsedMail[];
  received: () => number;
  close: () => Promise<void>;
  rejectRecipients: (pattern: RegExp) => void;
};

/** A real SMTP server in the test process that keeps every message it receives. */
export async function startSmtpSink(
  port?: number,
  { parse = true, onReceived }: { parse?: boolean; onReceived?: () => void } = {},
): Promise<SmtpSink> {
  const mails: ParsedMail[] = [];
  let received = 0;
  let rejected: RegExp | null = null;
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    // close() waits this long for clients to hang up before ending their sessions (default 30 s):
    // the app's pooled transport keeps idle connections open, so every close took the full 30 s.
    closeTimeout: 100,
    onRcptTo(address, _session, callback) {
      if (rejected?.test(address.address)) {
        const error = new Error("5.1.1 Mailbox does not exist") as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, _session, callback) {
      received++;
      onReceived?.();
      // A benchmark only counts messages: parsing them would load the machine it measures.
      if (!parse) {
        stream.on("end", () => callback());
        return void stream.resume();
      }
      simpleParser(stream)
        .then((mail) => mails.push(mail))
        .then(() => callback(), callback);
    },
  });
  // A client that vanishes mid-session (a worker killed with SIGKILL) resets its connection: that
  // is the client's failure, not the sink's, and must not surface as an unhandled error.
  server.on("error", () => undefined);
  const listenPort = port ?? (await freePort());
  await new Promise<void>((resolve) => server.listen(listenPort, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${listenPort}`,
    mails,
    received: () => received,
    rejectRecipients: (pattern) => {
      rejected = pattern;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
