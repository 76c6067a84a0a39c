import * as fs from "fs";
import * as path from "path";

/**
 * Replaces a file in one step (temp file, fsync, rename): a crash or a full disk leaves the old
 * content or the new, never half of it. Used for the roster and the email ledger.
 */
export function writeFileAtomic(file: string, text: string, mode?: number): void {
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    try {
        const fd = fs.openSync(temp, "w", mode);
        try {
            fs.writeFileSync(fd, text);
            fs.fsyncSync(fd);
        } finally {
            fs.closeSync(fd);
        }
        fs.renameSync(temp, file);
    } catch (error) {
        fs.rmSync(temp, { force: true });
        throw error;
    }
}
