// The largest upload /verify checks. Apart from verify-document so that the page showing the form
// (and the front door's body limit) can name it without loading the checker: pdf-lib and pkijs.
export const MAX_VERIFY_BYTES = 10 * 1024 * 1024;
