/**
 * Whether a process with this pid exists: how a lock or temporary file left by a run that
 * died (SIGKILL, power loss) is told from one still in use.
 */
export function isProcessAlive(pid: number): boolean {
    if (!Number.isSafeInteger(pid) || pid <= 0) return false;
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        // EPERM: it exists but belongs to someone else.
        return (error as NodeJS.ErrnoException).code === "EPERM";
    }
}
