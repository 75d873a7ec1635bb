/**
 * What a run leaves under temporary names: `--cross-doc` over files keeps its
 * first pass's counts in a folder of its own, which the run removes when it
 * ends, however it ends. Each thread keeps the set of its own temporary paths here.
 */
import { rmSync } from 'node:fs';

/** This thread's temporary files and folders, not yet renamed into place or removed. */
const temps = new Set<string>();

/** Record a temporary path before it is created, so it is removed if the run stops before it is renamed. */
export function trackTemp(file: string): void {
  temps.add(file);
}

/** Forget a temporary path once it has been renamed into place or removed. */
export function untrackTemp(file: string): void {
  temps.delete(file);
}

/** Remove every temporary path of this thread (a folder with what is in it). */
export function removeTemps(): void {
  for (const file of temps) rmSync(file, { recursive: true, force: true });
  temps.clear();
}
