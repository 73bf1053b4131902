import { mkdir } from "node:fs/promises";
import path from "node:path";
import { dataDirProblem } from "./check-data-dir";
import { portInUseMessage } from "./check-port";

export type MailCatcher = { smtpUrl: string; inboxUrl: string; stop: () => Promise<void> };

/** MailDev on localhost only: it catches every email and shows them in a browser inbox. */
export async function startMailCatcher(options: {
  dataDir: string;
  smtpPort: number;
  webPort: number;
}): Promise<MailCatcher> {
  const mailDirectory = path.join(options.dataDir, "mail");
  await mkdir(mailDirectory, { recursive: true }).catch((error: unknown) => {
    throw new Error(dataDirProblem(options.dataDir, error), { cause: error });
  });
  // MailDev (its web inbox, express, socket.io) takes ~2.5 s of CPU to load: loaded here, only when
  // the catcher starts, so that a web instance, a start with SMTP_URL set and a start that stops at
  // a check (a port in use, an unusable DATA_DIR) never pay for it, nor keep it in memory.
  const { MailDev } = await import("maildev");
  const maildev = new MailDev({
    smtp: options.smtpPort,
    web: options.webPort,
    ip: "127.0.0.1",
    webIp: "127.0.0.1",
    mailDirectory,
    silent: true,
  });
  await maildev.start().catch(async (error: NodeJS.ErrnoException & { port?: number }) => {
    await maildev.stop().catch(() => undefined);
    if (error.code !== "EADDRINUSE") throw error;
    // Checked before the start too (scripts/start/check-port.ts); this is a port taken meanwhile.
    const smtp = error.port === options.smtpPort;
    throw new Error(
      portInUseMessage({
        port: smtp ? options.smtpPort : options.webPort,
        host: "127.0.0.1",
        what: smtp ? "the mail catcher's SMTP" : "the mail catcher's inbox",
        setting: smtp ? "MAIL_CATCHER_SMTP_PORT" : "MAIL_CATCHER_WEB_PORT",
      }),
      { cause: error },
    );
  });
  return {
    smtpUrl: `smtp://127.0.0.1:${options.smtpPort}`,
    inboxUrl: `http://127.0.0.1:${options.webPort}/`,
    stop: () => maildev.stop(),
  };
}
