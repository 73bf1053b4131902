// A 20,000-paper CSV is a few megabytes; anything far bigger is a mistake or an attack.
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
