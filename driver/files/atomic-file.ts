import * as fs from "fs";
import * as path from "path";

import { withSignalsDeferred } from "./deferred-signals";
import { isProcessAlive } from "./process-alive";

/** A file the driver was asked to change but may not: it is left exactly as it was. */
export class FileNotWritableError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "FileNotWritableError";
    }
}

const MAX_LINKS = 40;

/**
 * The file a path ends at, following symlinks (also dangling ones, whose target is then
 * created): replacing the link itself would cut it from the file it shares.
 */
export function linkTarget(file: string): string {
    let current = path.resolve(file);
    for (let hops = 0; hops < MAX_LINKS; hops++) {
        let stats: fs.Stats;
        try {
            stats = fs.lstatSync(current);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === "ENOENT") return current;
            throw error;
        }
        if (!stats.isSymbolicLink()) return current;
        // Relative to the link's real folder, as the kernel resolves it.
        current = path.resolve(fs.realpathSync(path.dirname(current)), fs.readlinkSync(current));
    }
    throw new Error(`${file}: more than ${MAX_LINKS} symbolic links in a row (a loop?)`);
}

function statIfExists(file: string): fs.Stats | undefined {
    try {
        return fs.statSync(file);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
    }
}

function octal(mode: number): string {
    return `0${(mode & 0o777).toString(8)}`;
}

/** A read-only file says "leave me alone"; renaming over it would ignore that (root ignores it too). */
function refuseIfReadOnly(file: string, target: string, stats: fs.Stats): void {
    const where = target === path.resolve(file) ? file : `${file} (a link to ${target})`;
    if ((stats.mode & 0o222) === 0) {
        throw new FileNotWritableError(`${where} is read-only (mode ${octal(stats.mode)}); nothing was changed. ` +
            `If it should be edited, make it writable first: chmod u+w ${file}`);
    }
    try {
        fs.accessSync(target, fs.constants.W_OK);
    } catch {
        throw new FileNotWritableError(`${where} is not writable by this user (owner uid ${stats.uid}, mode ${octal(stats.mode)}); ` +
            "nothing was changed. Run as its owner, or change its permissions.");
    }
}

function tempPattern(base: string): RegExp {
    return new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(\\d+)\\.tmp$`);
}

/** Temporary files of writes whose process died before it could remove them (SIGKILL, power loss). */
function removeStaleTemps(dir: string, base: string): void {
    const pattern = tempPattern(base);
    for (const name of fs.readdirSync(dir)) {
        const pid = Number(pattern.exec(name)?.[1]);
        if (pid && (pid === process.pid || !isProcessAlive(pid))) fs.rmSync(path.join(dir, name), { force: true });
    }
}

/** The new file gets the old one's mode, and its owner where this process may set it. */
function keepModeAndOwner(fd: number, old: fs.Stats): void {
    if (process.getuid?.() === 0) fs.fchownSync(fd, old.uid, old.gid);
    // After chown, which may clear setuid/setgid bits.
    fs.fchmodSync(fd, old.mode & 0o7777);
}

/**
 * Replaces a file in one step (temp file, fsync, rename): a crash or a full disk leaves the old
 * content or the new, never half of it. Used for the roster and the email ledger.
 *
 * The file keeps its mode and owner (a 0600 ledger stays private); a symlink is written through
 * to its target and stays a link; a read-only file is refused untouched. `mode` is for a new file.
 * Ctrl-C or SIGTERM during the write let it finish first; the temporary file of a process killed
 * outright is removed by the next write.
 *
 * Hand-written, not write-file-atomic: version 6.0.0 was tried in place of the body below (inside the
 * same link resolution, read-only check and signal deferral), and 2 of the 9 cases in
 * tests/driver/files/atomic-file.test.ts failed, both about a process killed mid-write: its temporary
 * file is named <file>.<hash of pid, thread and call count>, so no later write can tell a dead process's
 * leftover from a live writer's, and the leftovers pile up next to the roster. Ours carry the pid.
 */
export function writeFileAtomic(file: string, text: string, mode?: number): void {
    const target = linkTarget(file);
    const old = statIfExists(target);
    if (old) refuseIfReadOnly(file, target, old);
    const dir = path.dirname(target);
    removeStaleTemps(dir, path.basename(target));
    const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
    withSignalsDeferred(() => {
        try {
            // "wx": never write through something placed at the temporary name.
            const fd = fs.openSync(temp, "wx", old ? old.mode & 0o777 : mode);
            try {
                if (old) keepModeAndOwner(fd, old);
                fs.writeFileSync(fd, text);
                fs.fsyncSync(fd);
            } finally {
                fs.closeSync(fd);
            }
            fs.renameSync(temp, target);
        } catch (error) {
            fs.rmSync(temp, { force: true });
            throw error;
        }
    });
}
