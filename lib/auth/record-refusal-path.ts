/** The request header proxy.ts sets on every /staff request, so a refused request's audit event can name its path. */
export const REQUEST_PATH_HEADER = "x-imprimatur-path";
