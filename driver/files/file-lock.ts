import * as fs from "fs";

import { isProcessAlive } from "./process-alive";

export interface FileLockOptions {
    /** The work the lock protects, for messages: "roster edit", "welcome-email run". */
    purpose: string;
    /** How long to wait for a holder that is still running; 0 refuses at once. */
    waitMs?: number;
    /** Pause between tries while waiting (jittered, so waiters do not retry in step). */
    retryMs?: number;
}

/** A lock file with no pid yet is being written by its taker; only an old one is left over. */
const EMPTY_LOCK_GRACE_MS = 10_000;
/** A takeover marker is held for microseconds; an old one belongs to a taker that died. */
const TAKEOVER_GRACE_MS = 10_000;
/** Tries at a lock whose holder is gone before giving up (each try removes one stale holder). */
const STALE_TRIES = 20;

/** Locks this process holds, so a second taker in the same process waits or is refused instead of sharing it. */
const held = new Set<string>();

type LockState = { kind: "absent" } | { kind: "stale" } | { kind: "held"; pid?: number };

function tryCreate(file: string): boolean {
    try {
        fs.writeFileSync(file, String(process.pid), { flag: "wx" });
        return true;
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
        throw error;
    }
}

function inspect(lockPath: string): LockState {
    let text: string;
    let ageMs: number;
    try {
        text = fs.readFileSync(lockPath, "utf8").trim();
        ageMs = Date.now() - fs.statSync(lockPath).mtimeMs;
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "absent" };
        throw error;
    }
    if (!text) return ageMs < EMPTY_LOCK_GRACE_MS ? { kind: "held" } : { kind: "stale" };
    const pid = Number(text);
    if (!Number.isSafeInteger(pid) || pid <= 0) return { kind: "stale" };
    // Our own pid, not held by us: left by an earlier process that had the same pid.
    if (pid === process.pid) return held.has(lockPath) ? { kind: "held", pid } : { kind: "stale" };
    return isProcessAlive(pid) ? { kind: "held", pid } : { kind: "stale" };
}

/**
 * Removes a lock whose holder is gone. Two takers could each remove the stale lock and then
 * the lock the other just took, so removal happens under a takeover marker, after checking again.
 */
function removeStale(lockPath: string): void {
    const marker = `${lockPath}.takeover`;
    if (!tryCreate(marker)) {
        try {
            if (Date.now() - fs.statSync(marker).mtimeMs > TAKEOVER_GRACE_MS) fs.rmSync(marker, { force: true });
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        }
        return;
    }
    try {
        if (inspect(lockPath).kind === "stale") fs.rmSync(lockPath, { force: true });
    } finally {
        fs.rmSync(marker, { force: true });
    }
}

function heldMessage(lockPath: string, options: FileLockOptions, pid: number | undefined): string {
    if (pid === process.pid) {
        return `a ${options.purpose} of this process is already in progress (${lockPath}); run them one after the other.`;
    }
    const who = pid ? `another ${options.purpose} (pid ${pid})` : `another ${options.purpose}`;
    const waited = options.waitMs ? ` after waiting ${Math.round(options.waitMs / 1000)} s` : "";
    return `${who} is in progress${waited}; wait for it to finish and try again. ` +
        `If no such ${options.purpose} is running, delete ${lockPath}.`;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms * (0.5 + Math.random())));

async function acquire(lockPath: string, options: FileLockOptions): Promise<void> {
    const deadline = Date.now() + (options.waitMs ?? 0);
    const retryMs = options.retryMs ?? 25;
    let staleTries = 0;
    for (;;) {
        if (tryCreate(lockPath)) {
            held.add(lockPath);
            return;
        }
        const state = inspect(lockPath);
        if (state.kind === "stale") {
            if (++staleTries > STALE_TRIES) throw new Error(`could not take over ${lockPath}; delete it if no ${options.purpose} is running.`);
            removeStale(lockPath);
            await pause(1);
        } else if (state.kind === "held") {
            if (Date.now() >= deadline) throw new Error(heldMessage(lockPath, options, state.pid));
            await pause(retryMs);
        }
    }
}

function release(lockPath: string): void {
    held.delete(lockPath);
    try {
        // Only our own: a lock taken over after we were wrongly thought gone is someone else's now.
        if (fs.readFileSync(lockPath, "utf8").trim() === String(process.pid)) fs.rmSync(lockPath, { force: true });
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
}

/**
 * Runs `run` holding an exclusive lock: a file holding this process's pid, created only if
 * absent. A lock whose process is gone (killed, crashed) is taken over; one whose process runs
 * is waited for up to `waitMs`, then refused with a message saying who holds it.
 */
export async function withFileLock<T>(lockPath: string, options: FileLockOptions, run: () => T | Promise<T>): Promise<T> {
    await acquire(lockPath, options);
    try {
        return await run();
    } finally {
        release(lockPath);
    }
}
