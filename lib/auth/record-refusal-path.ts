/**
 * The request header the front door (scripts/web-server.ts) sets on every request, so a refused
 * request's audit event can name its path.
 */
export const REQUEST_PATH_HEADER = "x-imprimatur-path";
