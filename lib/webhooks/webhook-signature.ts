import { createHmac, randomBytes } from "node:crypto";

// Standard Webhooks (standardwebhooks.com): a secret is "whsec_" + base64 of the key bytes; each
// signature is "v1," + base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>", and several
// are sent space-separated, so a receiver holding either secret verifies during a rotation.
const PREFIX = "whsec_";

/** A new signing secret: 32 random bytes, in the form receivers' Standard Webhooks libraries take. */
export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString("base64")}`;
}

export function webhookSignature(
  message: { id: string; timestamp: number; body: string },
  secrets: readonly string[],
): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64");
      const mac = createHmac("sha256", key).update(`${message.id}.${message.timestamp}.${message.body}`);
      return `v1,${mac.digest("base64")}`;
    })
    .join(" ");
}
