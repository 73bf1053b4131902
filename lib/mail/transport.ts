import "server-only";
import nodemailer, { type Transporter } from "nodemailer";

const holder = globalThis as unknown as { imprimaturMailer?: Transporter };

export function mailTransport(): Transporter {
  const url = process.env.SMTP_URL;
  if (!url) throw new Error("SMTP_URL is not set: `npm start` provides a local mail catcher when it is unset.");
  holder.imprimaturMailer ??= nodemailer.createTransport(url);
  return holder.imprimaturMailer;
}
