-- Links that are credentials no longer sit in the outbox in clear: the body holds a placeholder
-- and the link is stored encrypted until the email is sent or has finally failed.
ALTER TABLE "EmailMessage" ADD COLUMN "encryptedLink" TEXT;

-- Emails already delivered (or given up on) carried their links in clear: remove them. Signing
-- links end in a 43-character token; sign-in links go to next-auth's email callback. Emails still
-- queued keep theirs until sent, as before.
UPDATE "EmailMessage"
SET "text" = regexp_replace(regexp_replace("text", 'https?://[^\s"<]+/sign/[A-Za-z0-9_-]{43}', '[link removed after delivery]', 'g'), 'https?://[^\s"<]+/api/auth/callback/[^\s"<]+', '[link removed after delivery]', 'g'),
    "html" = regexp_replace(regexp_replace("html", 'https?://[^\s"<]+/sign/[A-Za-z0-9_-]{43}', '[link removed after delivery]', 'g'), 'https?://[^\s"<]+/api/auth/callback/[^\s"<]+', '[link removed after delivery]', 'g')
WHERE "status" <> 'queued' AND "kind" IN ('invitation', 'reminder', 'sign_in_link');

-- Which certificate sealed each document, so /verify can ask "is this one of ours?" through an
-- index instead of scanning the audit log. Earlier seals recorded it on their audit event.
ALTER TABLE "SignedDocument" ADD COLUMN "certificateSha256" TEXT;

UPDATE "SignedDocument" d
SET "certificateSha256" = e.data->>'certificate'
FROM "AuditEvent" e
WHERE e."agreementId" = d."agreementId" AND e.type = 'agreement.sealed' AND e.data->>'sha256' = d.sha256;

CREATE INDEX "SignedDocument_certificateSha256_idx" ON "SignedDocument"("certificateSha256");
