import net from "node:net";

export type PortUse = { port: number; host: string; what: string; setting: string };

/**
 * Refuses to go on when a port we are about to listen on is taken, naming the port and the setting
 * that moves it. Checked before anything starts, so a second `npm start` fails in a second and
 * leaves the first one alone.
 */
export async function ensurePortsFree(uses: PortUse[]): Promise<void> {
  for (const use of uses) {
    // Read with Number(), "abc" is NaN, which node's listen refused in words about options.port.
    if (!Number.isInteger(use.port) || use.port < 1 || use.port > 65535) {
      throw new Error(`${use.setting} must be a port number from 1 to 65535; got "${process.env[use.setting]}".`);
    }
    const problem = await listenProblem(use);
    if (problem === "EADDRINUSE") throw new Error(portInUseMessage(use));
    if (problem) {
      throw new Error(`Cannot listen on ${use.host}:${use.port} (${use.setting}, ${use.what}): ${problem}.`);
    }
  }
}

export function portInUseMessage({ port, what, setting }: PortUse) {
  return (
    `Port ${port} (${setting}, ${what}) is already in use: stop what uses it (\`ss -ltnp 'sport = :${port}'\` ` +
    `shows it; often an earlier npm start), or set ${setting} to a free port.`
  );
}

function listenProblem({ port, host }: PortUse): Promise<string | undefined> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}
