import * as fs from "fs";

import { isProcessAlive } from "./process-alive";

export interface FileLockOptions {
    /** The work the lock protects, for messages: "roster edit", "welcome-email run". */
    purpose: string;
    /** How long to wait for a holder that is still running; 0 refuses at once. */
    waitMs?: number;
    /** Pause between tries while waiting (jittered, so waiters do not retry in step). */
    retryMs?: number;
    /**
     * How long to wait for a holder whose purpose is one of these, instead of `waitMs`: a roster
     * edit waits milliseconds for another edit, but an `up` holds the roster for its whole update.
     */
    waitMsByHolder?: Record<string, number>;
    /** Told once, when the lock turns out to be held and the wait begins. */
    onWait?(holder: LockHolder): void;
}

/** Who holds a lock: the lock file holds their pid, and on its second line what they are doing. */
export interface LockHolder {
    pid?: number;
    purpose?: string;
}

/** A lock file with no pid yet is being written by its taker; only an old one is left over. */
const EMPTY_LOCK_GRACE_MS = 10_000;
/** A takeover marker is held for microseconds; an old one belongs to a taker that died. */
const TAKEOVER_GRACE_MS = 10_000;
/** Tries at a lock whose holder is gone before giving up (each try removes one stale holder). */
const STALE_TRIES = 20;

/** Locks this process holds, so a second taker in the same process waits or is refused instead of sharing it. */
const held = new Set<string>();

type LockState = { kind: "absent" } | { kind: "stale" } | ({ kind: "held" } & LockHolder);

function tryCreate(file: string, purpose?: string): boolean {
    try {
        fs.writeFileSync(file, purpose ? `${process.pid}\n${purpose}` : String(process.pid), { flag: "wx" });
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
    const [pidLine, purpose] = text.split("\n");
    const pid = Number(pidLine);
    if (!Number.isSafeInteger(pid) || pid <= 0) return { kind: "stale" };
    const holder = { kind: "held" as const, pid, ...(purpose ? { purpose: purpose.trim() } : {}) };
    // Our own pid, not held by us: left by an earlier process that had the same pid.
    if (pid === process.pid) return held.has(lockPath) ? holder : { kind: "stale" };
    return isProcessAlive(pid) ? holder : { kind: "stale" };
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

function waitFor(options: FileLockOptions, holder: LockHolder): number {
    return (holder.purpose !== undefined ? options.waitMsByHolder?.[holder.purpose] : undefined) ?? options.waitMs ?? 0;
}

function heldMessage(lockPath: string, options: FileLockOptions, holder: LockHolder): string {
    const { pid } = holder;
    const purpose = holder.purpose ?? options.purpose;
    if (pid === process.pid) {
        return `a ${purpose} of this process is already in progress (${lockPath}); run them one after the other.`;
    }
    const who = pid ? `another ${purpose} (pid ${pid})` : `another ${purpose}`;
    const waitMs = waitFor(options, holder);
    const waited = waitMs ? ` after waiting ${Math.round(waitMs / 1000)} s` : "";
    return `${who} is in progress${waited}; wait for it to finish and try again. ` +
        `If no such ${purpose} is running, delete ${lockPath}.`;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms * (0.5 + Math.random())));

async function acquire(lockPath: string, options: FileLockOptions): Promise<void> {
    const started = Date.now();
    const retryMs = options.retryMs ?? 25;
    let staleTries = 0;
    let told = false;
    for (;;) {
        if (tryCreate(lockPath, options.purpose)) {
            held.add(lockPath);
            return;
        }
        const state = inspect(lockPath);
        if (state.kind === "stale") {
            if (++staleTries > STALE_TRIES) throw new Error(`could not take over ${lockPath}; delete it if no ${options.purpose} is running.`);
            removeStale(lockPath);
            await pause(1);
        } else if (state.kind === "held") {
            if (Date.now() >= started + waitFor(options, state)) throw new Error(heldMessage(lockPath, options, state));
            if (!told) options.onWait?.(state);
            told = true;
            await pause(retryMs);
        }
    }
}

function release(lockPath: string): void {
    held.delete(lockPath);
    try {
        // Only our own: a lock taken over after we were wrongly thought gone is someone else's now.
        if (fs.readFileSync(lockPath, "utf8").split("\n")[0].trim() === String(process.pid)) fs.rmSync(lockPath, { force: true });
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
