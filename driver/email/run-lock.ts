import * as fs from "fs";
import * as path from "path";

/**
 * Keeps two email runs of one stack (say `up` in one terminal, `email` in another) from
 * both finding a student unsent and both emailing them. The lock file holds the owner's
 * pid; a lock whose process is gone is taken over.
 */
export async function withRunLock<T>(ledgerPath: string, run: () => Promise<T>): Promise<T> {
    const lockPath = `${ledgerPath}.lock`;
    fs.mkdirSync(path.dirname(lockPath), { recursive: true });
    acquire(lockPath);
    try {
        return await run();
    } finally {
        fs.rmSync(lockPath, { force: true });
    }
}

function acquire(lockPath: string): void {
    for (let tries = 0; tries < 2; tries++) {
        try {
            fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
            return;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
        const owner = Number(readOrEmpty(lockPath));
        if (owner && owner !== process.pid && isAlive(owner)) {
            throw new Error(`another welcome-email run (pid ${owner}) is in progress for this stack; wait for it to finish. ` +
                `If no such run exists, delete ${lockPath}.`);
        }
        if (owner === process.pid) {
            throw new Error(`a welcome-email run of this process is already in progress (${lockPath}); run them one after the other.`);
        }
        fs.rmSync(lockPath, { force: true });
    }
    throw new Error(`could not take the lock ${lockPath}; delete it if no welcome-email run is in progress.`);
}

function readOrEmpty(file: string): string {
    try {
        return fs.readFileSync(file, "utf8").trim();
    } catch {
        return "";
    }
}

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        // EPERM: it exists but belongs to someone else.
        return (error as NodeJS.ErrnoException).code === "EPERM";
    }
}
