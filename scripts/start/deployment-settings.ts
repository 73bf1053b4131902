// What `npm run web`, `npm run worker` and `npm run migrate` need from the environment. They start
// nothing embedded and generate nothing: in a deployment each instance must be given the same
// values, and a default made up by one instance would differ from the next one's.

export type DeploymentRole = "web" | "worker" | "migrate";

const WHY: Record<string, string> = {
  DATABASE_URL:
    "the PostgreSQL every instance shares, e.g. postgresql://imprimatur_app:password@db.example.org:5432/imprimatur " +
    "(only `npm start` runs an embedded one)",
  NEXTAUTH_SECRET:
    "the same long random secret on every instance (e.g. `openssl rand -base64 32`): it signs staff sessions and " +
    "encrypts queued email links and the stored seal, so a secret of each instance's own would lock the others out",
  SMTP_URL: "the SMTP relay the worker sends every email through, e.g. smtp://user:password@smtp.example.org:587",
};

const NEEDS: Record<DeploymentRole, string[]> = {
  web: ["DATABASE_URL", "NEXTAUTH_SECRET"],
  worker: ["DATABASE_URL", "NEXTAUTH_SECRET", "SMTP_URL"],
  migrate: ["DATABASE_URL"],
};

/** The settings `role` cannot start without, or throws one message naming each missing one and why. */
export function requireDeploymentSettings(role: DeploymentRole, env: NodeJS.ProcessEnv = process.env) {
  const missing = NEEDS[role].filter((name) => !env[name]?.trim());
  if (missing.length === 0) return;
  throw new Error(
    [
      `\`npm run ${role}\` needs ${missing.join(", ")} (README, "Deployment"):`,
      ...missing.map((name) => `  ${name}: ${WHY[name]}.`),
      "To run everything on this one machine with embedded defaults, use `npm start`.",
    ].join("\n"),
  );
}
