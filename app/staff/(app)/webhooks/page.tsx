import type { Metadata } from "next";
import { ResendWebhookButton, WebhookEndpointActions } from "@/components/webhook-endpoint-actions";
import { WebhookEndpointForm } from "@/components/webhook-endpoint-form";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { formatUtc } from "@/lib/dates/format-utc";
import { listWebhookEndpoints, type WebhookEndpointListing } from "@/lib/webhooks/list-webhook-endpoints";
import {
  deleteWebhookAction,
  registerWebhookAction,
  resendWebhookAction,
  rotateWebhookSecretAction,
  setWebhookEnabledAction,
} from "./actions";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requireStaffPage("webhooks.manage");
  const endpoints = await listWebhookEndpoints();
  const disabled = endpoints.filter((endpoint) => !endpoint.enabled && endpoint.disabledReason);
  return (
    <div className="stack">
      <h1>Webhooks</h1>
      {disabled.map((endpoint) => (
        <p key={endpoint.id} className="notice error" role="alert">
          <strong>{endpoint.url}</strong> is disabled since {formatUtc(endpoint.disabledAt!)}: {endpoint.disabledReason}{" "}
          Enable it once the receiver works again, then send again what it missed.
        </p>
      ))}
      <p>
        Imprimatur POSTs each chosen event to the endpoint as JSON, signed the Standard Webhooks way (
        <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>). A failed delivery is
        tried again for about 27 hours; an endpoint whose every attempt has failed for 24 hours is disabled.
      </p>
      <WebhookEndpointForm action={registerWebhookAction} />
      {endpoints.length === 0 ? <p>No endpoint is registered.</p> : null}
      {endpoints.map((endpoint) => (
        <EndpointSection key={endpoint.id} endpoint={endpoint} />
      ))}
    </div>
  );
}

function EndpointSection({ endpoint }: { endpoint: WebhookEndpointListing }) {
  const headingId = `endpoint-${endpoint.id}`;
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{endpoint.url}</h2>
      {endpoint.description ? <p>{endpoint.description}</p> : null}
      <dl>
        <dt>Status</dt>
        <dd>{endpoint.enabled ? "Enabled" : "Disabled"}</dd>
        <dt>Events</dt>
        <dd>{endpoint.events.join(", ")}</dd>
        <dt>Secrets signing now</dt>
        <dd>
          {endpoint.secrets
            .map((s) => `made ${formatUtc(s.createdAt)}${s.expiresAt ? `, until ${formatUtc(s.expiresAt)}` : ""}`)
            .join("; ")}
        </dd>
      </dl>
      <WebhookEndpointActions
        // Only what the actions show: a client component's props travel to the browser whole.
        endpoint={{ id: endpoint.id, url: endpoint.url, enabled: endpoint.enabled }}
        setEnabled={setWebhookEnabledAction}
        rotate={rotateWebhookSecretAction}
        remove={deleteWebhookAction}
      />
      <table>
        <caption>Deliveries (newest first)</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Queued</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last response</th>
            <th scope="col">Next attempt</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {endpoint.deliveries.map((delivery) => (
            <tr key={delivery.id}>
              <td>
                <code>{delivery.eventType}</code>
                <br />
                <span className="hint">webhook-id {delivery.id}</span>
              </td>
              <td>{formatUtc(delivery.createdAt)}</td>
              <td>{delivery.status}</td>
              <td>{delivery.attempts}</td>
              <td>
                {delivery.lastAttempt
                  ? `${delivery.lastAttempt.responseStatus ?? "no answer"} in ${delivery.lastAttempt.durationMs} ms at ${formatUtc(delivery.lastAttempt.attemptedAt)}${delivery.lastAttempt.error ? ` — ${delivery.lastAttempt.error}` : ""}`
                  : "—"}
              </td>
              <td>{delivery.nextAttemptAt ? formatUtc(delivery.nextAttemptAt) : "—"}</td>
              <td>
                <ResendWebhookButton deliveryId={delivery.id} resend={resendWebhookAction} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
