import { mkdir } from "node:fs/promises";
import path from "node:path";
import { MailDev } from "maildev";

export type MailCatcher = { smtpUrl: string; inboxUrl: string; stop: () => Promise<void> };

/** MailDev on localhost only: it catches every email and shows them in a browser inbox. */
export async function startMailCatcher(options: {
  dataDir: string;
  smtpPort: number;
  webPort: number;
}): Promise<MailCatcher> {
  const mailDirectory = path.join(options.dataDir, "mail");
  await mkdir(mailDirectory, { recursive: true });
  const maildev = new MailDev({
    smtp: options.smtpPort,
    web: options.webPort,
    ip: "127.0.0.1",
    webIp: "127.0.0.1",
    mailDirectory,
    silent: true,
  });
  await maildev.start();
  return {
    smtpUrl: `smtp://127.0.0.1:${options.smtpPort}`,
    inboxUrl: `http://127.0.0.1:${options.webPort}/`,
    stop: () => maildev.stop(),
  };
}
