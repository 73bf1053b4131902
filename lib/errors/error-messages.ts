// The one place where an error code gets its HTTP status and its general words for a person. An
// AppError may carry a more specific sentence (its userMessage); these are the fallback.
export const ERROR_MESSAGES = {
  NOT_FOUND: { status: 404, title: "Not found", message: "There is nothing at this address." },
  METHOD_NOT_ALLOWED: {
    status: 405,
    title: "Method not allowed",
    message: "This address does not accept this method.",
  },
  LINK_UNKNOWN: {
    status: 404,
    title: "This signing link is not valid",
    message:
      "Check that you opened the whole link from your email. If it still does not work, ask the publisher to send you a new one.",
  },
  LINK_EXPIRED: {
    status: 410,
    title: "This signing link has expired",
    message: "The agreement can no longer be signed with this link. Ask the publisher to send you a new one.",
  },
  LINK_REVOKED: {
    status: 410,
    title: "This signing link has been replaced",
    message: "The publisher has sent a newer link for this agreement. Please use the most recent email you received.",
  },
  AGREEMENT_VOIDED: {
    status: 410,
    title: "This agreement has been withdrawn",
    message:
      "The publisher has withdrawn this agreement, so there is nothing to sign. Contact the publisher if you think this is a mistake.",
  },
  ALREADY_SIGNED: {
    status: 409,
    title: "Already signed",
    message: "This agreement has already been signed. It cannot be signed again.",
  },
  ALREADY_DECLINED: { status: 409, title: "Already declined", message: "This agreement has already been declined." },
  NOT_SIGNABLE: { status: 409, title: "Not open for signing", message: "This agreement is not open for signing." },
  FORBIDDEN: { status: 403, title: "Not allowed", message: "Your staff role does not allow this." },
  UNAUTHENTICATED: { status: 401, title: "Please sign in", message: "Sign in as publisher staff to continue." },
  INVALID_INPUT: { status: 400, title: "Check your input", message: "Some of what you entered needs correcting." },
  RATE_LIMITED: { status: 429, title: "Too many attempts", message: "Please wait a minute and try again." },
  LAST_ADMIN: { status: 409, title: "An admin is needed", message: "There must be at least one admin." },
  SEAL_PENDING: {
    status: 409,
    title: "The sealed PDF is being prepared",
    message: "The signed agreement is being sealed right now. Try again in a minute.",
  },
  SEAL_FAILED: {
    status: 409,
    title: "The sealed PDF is not ready",
    message:
      "Sealing the signed agreement failed. Publisher staff see the reason on the agreement's page and can retry sealing; try again later.",
  },
  TIMESTAMP_UNAVAILABLE: {
    status: 503,
    title: "The timestamp authority is unavailable",
    message: "The timestamp authority did not give a usable timestamp. The seal waits and tries again.",
  },
  SEAL_NOT_RETRYABLE: { status: 409, title: "Nothing to retry", message: "Only a seal that failed can be retried." },
  NOT_SIGNED: { status: 409, title: "Not signed yet", message: "Only a signed agreement has a signed PDF." },
  AGREEMENT_FINAL: {
    status: 409,
    title: "Already signed",
    message: "A signed agreement is final and cannot be changed.",
  },
  AGREEMENT_CLOSED: {
    status: 409,
    title: "No longer open",
    message: "This agreement is no longer open for signing, so this change does not apply.",
  },
  ALREADY_VOIDED: { status: 409, title: "Already voided", message: "This agreement has already been voided." },
  ALREADY_REISSUED: {
    status: 409,
    title: "Already reissued",
    message: "This agreement has already been reissued; change the newer one instead.",
  },
  NOTHING_TO_CHANGE: { status: 409, title: "Nothing to change", message: "This would change nothing." },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    title: "Idempotency-Key already used",
    message: "This Idempotency-Key was already used with a different request. Use a new key for a new request.",
  },
  ALREADY_EXISTS: { status: 409, title: "Already exists", message: "Something with this name already exists." },
  VOLUME_NOT_EMPTY: {
    status: 409,
    title: "The volume has agreements",
    message: "A volume with agreements cannot be deleted: they and their audit trail must stay.",
  },
  PAYLOAD_TOO_LARGE: { status: 413, title: "Too large", message: "What was sent is larger than this page accepts." },
  UNAVAILABLE: {
    status: 503,
    title: "Briefly unavailable",
    message: "Imprimatur cannot reach its database at the moment. Nothing was changed; please try again in a minute.",
  },
  INTERNAL: {
    status: 500,
    title: "Something went wrong",
    message: "Something went wrong on our side. Nothing was changed; please try again later.",
  },
} as const satisfies Record<string, { status: number; title: string; message: string }>;

export type AppErrorCode = keyof typeof ERROR_MESSAGES;
