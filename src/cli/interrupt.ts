/**
 * What a run leaves under temporary names, and how an interrupted run
 * (SIGINT, SIGTERM, SIGHUP) removes it before it exits.
 *
 * Outputs are written under a temporary name and renamed when complete
 * (output.ts), a profile likewise (profile.ts), and `--cross-doc` over files
 * keeps its first pass's counts in a folder of its own: a run stopped midway
 * would leave them all behind. Each thread keeps the set of its own temporary
 * paths here. A worker thread gets no signals, and is ended by the pool
 * without running any more of its code, so a worker's set is also mirrored
 * into a small block of memory shared with the main thread (see
 * {@link mirrorTemps}), which removes what it names once the worker has stopped.
 */
import { lstatSync, rmSync } from 'node:fs';
import os from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** This thread's temporary files and folders, not yet renamed into place or removed. */
const temps = new Set<string>();
let mirror: Uint8Array | undefined;

/** Record a temporary path before it is created, so it is removed if the run stops before it is renamed. */
export function trackTemp(file: string): void {
  temps.add(file);
  if (mirror) writeSlot(mirror, temps);
}

/** Forget a temporary path once it has been renamed into place or removed. */
export function untrackTemp(file: string): void {
  if (temps.delete(file) && mirror) writeSlot(mirror, temps);
}

/**
 * Marks, in the set and a worker's block, an output that an earlier run may have left where one
 * is being written: removed on an interrupt, as a regular file only (never a folder), since it no
 * longer matches its input (GNU make deletes the target of a recipe it interrupts). A control
 * character no path holds.
 */
const STALE = '\u0001';

/** Record the output being written to `target`: if the run stops before it is renamed there, what is there is removed. */
export function trackStale(target: string): void {
  trackTemp(STALE + target);
}

/** Forget `target` before the output is renamed there: what is renamed there is whole. */
export function untrackStale(target: string): void {
  untrackTemp(STALE + target);
}

/** Remove a tracked path: a temporary one with what is in it, an earlier output only if it is a regular file. */
function removeTracked(entry: string): void {
  if (!entry.startsWith(STALE)) {
    rmSync(entry, { recursive: true, force: true });
    return;
  }
  const target = entry.slice(STALE.length);
  try {
    if (lstatSync(target).isFile()) rmSync(target, { force: true });
  } catch {
    // None there: nothing to remove.
  }
}

/** Remove every temporary path of this thread (a folder with what is in it), and the earlier outputs of the ones being written. */
export function removeTemps(): void {
  for (const file of temps) removeTracked(file);
  temps.clear();
  if (mirror) writeSlot(mirror, temps);
}

/**
 * Bytes of the block a worker mirrors its temporary paths into. A worker has
 * one output open at a time, and a path is at most PATH_MAX (4096 bytes on
 * Linux), so this holds a few with room to spare; paths past the end are left
 * out rather than cut (removing a cut name could hit another file).
 * @default 16384
 */
export const TEMP_SLOT_BYTES = 16 << 10;

/** A block for one worker's temporary paths, shared with the pool. */
export function newTempSlot(): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(TEMP_SLOT_BYTES));
}

/** Called by a worker once: from now on its temporary paths are kept in `slot` too. */
export function mirrorTemps(slot: Uint8Array): void {
  mirror = slot;
  writeSlot(slot, temps);
}

// Layout: a 4-byte little-endian length, then the paths in UTF-8, separated by NUL (which no path holds).
function writeSlot(slot: Uint8Array, paths: ReadonlySet<string>): void {
  let used = 0;
  for (const p of paths) {
    const bytes = Buffer.from(used === 0 ? p : '\0' + p, 'utf8');
    if (4 + used + bytes.length > slot.length) break;
    slot.set(bytes, 4 + used);
    used += bytes.length;
  }
  new DataView(slot.buffer, slot.byteOffset, 4).setUint32(0, used, true);
}

/** The paths in a worker's block; read only once the worker has stopped. */
export function slotPaths(slot: Uint8Array): string[] {
  const used = new DataView(slot.buffer, slot.byteOffset, 4).getUint32(0, true);
  return used === 0 ? [] : Buffer.from(slot.subarray(4, 4 + used)).toString('utf8').split('\0');
}

/** Remove the temporary paths a stopped worker's block names. */
export function removeSlotTemps(slot: Uint8Array): void {
  for (const file of slotPaths(slot)) removeTracked(file);
  new DataView(slot.buffer, slot.byteOffset, 4).setUint32(0, 0, true);
}

/** Work an interrupted run does before it exits, besides removing the main thread's temporary paths. */
export type Cleanup = () => void | Promise<void>;

const cleanups = new Set<Cleanup>();

/** Set once a signal has asked the run to stop: the process ends as soon as the clean-ups are done. */
let stopping = false;

/**
 * Resolves once a signal that arrived during synchronous work has had its chance to be handled,
 * and never resolves when one has (the handler then ends the process): awaited before an output
 * is renamed into place. A signal is handled only when the event loop polls, and a large page is
 * read, labelled and written in one synchronous stretch on the thread that runs it: a Ctrl-C in
 * that stretch of the last page was never handled, its output kept and the run ended with 0
 * (QA pass 20). Two turns of setImmediate take the loop through one poll phase at least.
 */
export async function interruptPoint(): Promise<void> {
  if (!isMainThread) return; // a worker gets no signals: the pool stops it
  await new Promise<void>((resolve) => setImmediate(resolve));
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (stopping) await new Promise<never>(() => {});
}

/** Run `cleanup` if the run is interrupted; returns a function that takes it back. */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => void cleanups.delete(cleanup);
}

/** The signals that end a run with its temporary files removed. */
export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Longest an interrupted run waits for its clean-ups (stopping the worker
 * threads, which takes milliseconds) before it exits anyway, in
 * milliseconds: a stuck clean-up must not make the process unkillable by the
 * signal that asked it to stop.
 * @default 5000
 */
export const INTERRUPT_CLEANUP_MS = 5000;

/**
 * Until the returned function is called, a signal in INTERRUPT_SIGNALS runs the clean-ups,
 * removes this thread's temporary paths and ends the process by that signal, so the shell
 * reports 128 + its number (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP).
 */
export function exitOnInterrupt(): () => void {
  const handler = (signal: NodeJS.Signals) => {
    // A Ctrl-C reaches both the launcher (bin/boilerstrip.js) and this process, and the launcher
    // passes it on: the second one must not cut the first one's clean-up short.
    if (stopping) return;
    stopping = true;
    const code = 128 + os.constants.signals[signal];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      // Synchronous from here to the exit: this thread writes no new temporary file in between.
      removeTemps();
      process.stderr.write(`boilerstrip: stopped by ${signal}; outputs written before it are whole, and the ones being written were removed, with what an earlier run had written under their names\n`);
      // Die by the signal itself, its default action restored: the shell sees 128 + its number and
      // a calling shell loop knows its child was interrupted (the convention set out in Cracauer,
      // "Proper handling of SIGINT/SIGQUIT"). process.exit could not end a run whose read of a
      // named pipe was waiting for a writer: at the exit libuv joins its thread pool, and that
      // thread never returned. The default action ends the process without waiting on threads.
      for (const s of INTERRUPT_SIGNALS) process.removeAllListeners(s);
      process.kill(process.pid, signal);
      // Reached only if the signal did not end the process (it is delivered on its way here).
      process.exit(code);
    };
    setTimeout(finish, INTERRUPT_CLEANUP_MS);
    void Promise.allSettled([...cleanups].map(async (c) => c())).then(finish);
  };
  for (const s of INTERRUPT_SIGNALS) process.on(s, handler);
  return () => {
    for (const s of INTERRUPT_SIGNALS) process.off(s, handler);
  };
}
