import { mkdir, rmdir } from "node:fs/promises";

/**
 * Runs `work` while holding a lock shared by processes on this machine: the lock is the directory
 * `lock`, which only one of them can create. Put it in a directory that every run starts empty, so
 * that a run killed while holding it never leaves it behind for the next.
 */
export async function holdingDirectoryLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await work();
  } finally {
    await rmdir(lock);
  }
}
