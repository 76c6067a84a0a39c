import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/**
 * `up` previews and deploys the roster the instructor approved, not whatever the file says by the
 * time Pulumi runs the program: the driver writes the approved bytes to a snapshot and names it in
 * this variable (driver/roster/approval-snapshot.ts). A plain `pulumi up` sets nothing and reads the file.
 */
export const APPROVED_ROSTER_ENV = "WORKSHOP_APPROVED_ROSTER";

export interface ApprovedRoster {
    /** The roster file the snapshot was taken of, resolved. */
    file: string;
    sha256: string;
    base64: string;
}

export function sha256Of(bytes: Uint8Array): string {
    return createHash("sha256").update(bytes).digest("hex");
}

/**
 * The approved bytes of `file`, or undefined when the driver handed over none. A snapshot of
 * another file (rosterPath changed) or one that does not match its hash stops the program.
 */
export function approvedRosterBytes(file: string, env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
    const at = env[APPROVED_ROSTER_ENV];
    if (!at) return undefined;
    const snapshot = JSON.parse(fs.readFileSync(at, "utf8")) as ApprovedRoster;
    if (path.resolve(snapshot.file) !== path.resolve(file)) {
        throw new Error(`the approved roster is ${snapshot.file}, but rosterPath now names ${file}: the stack config changed since ` +
            "the preview; run `npm run up` again");
    }
    const bytes = Buffer.from(snapshot.base64, "base64");
    if (sha256Of(bytes) !== snapshot.sha256) throw new Error(`the approved roster snapshot ${at} was altered; run \`npm run up\` again`);
    return bytes;
}
