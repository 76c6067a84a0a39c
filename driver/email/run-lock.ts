import * as fs from "fs";
import * as path from "path";

import { withFileLock } from "../files/file-lock";

/**
 * Keeps two email runs of one stack (say `up` in one terminal, `email` in another) from
 * both finding a student unsent and both emailing them. A second run is refused rather than
 * queued: a run can take minutes, and the instructor should know another one is going.
 */
export async function withRunLock<T>(ledgerPath: string, run: () => Promise<T>): Promise<T> {
    fs.mkdirSync(path.dirname(ledgerPath), { recursive: true });
    return withFileLock(`${ledgerPath}.lock`, { purpose: "welcome-email run" }, run);
}
