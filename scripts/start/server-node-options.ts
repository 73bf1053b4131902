// Node flags for the web server process. A small young generation trades a little throughput for
// a much smaller resident set: the server is mostly idle between short requests.
export const SERVER_NODE_OPTIONS = "--max-semi-space-size=2";

export function withServerNodeOptions(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, SERVER_NODE_OPTIONS].filter(Boolean).join(" ") };
}
