import * as fs from "fs";
import * as path from "path";

import { type ApprovedRoster, sha256Of } from "../../infra/roster/approved-roster";
import type { DriverContext } from "../context";
import type { ApprovedInputs } from "../pulumi/engine";

/**
 * What the instructor approves: the roster's and the stack config's bytes, and the stack's state,
 * as they were when the preview (or destroy's count) was shown. The engine is handed these very
 * bytes (the roster through the program's snapshot, the config as --config-file), and right before
 * it runs, the files and the state are compared with them: a change means the plan shown is not the
 * plan that would run. The callers hold the roster lock throughout, so the driver's own edits wait;
 * the comparison catches what ignores the lock (an editor, `git pull`, `pulumi config set`).
 */
export interface ApprovalSnapshot {
    readonly roster?: { file: string; bytes?: Buffer; sha256: string };
    readonly config: { file: string; sha256: string };
    readonly stateVersion?: string;
    /** For the engine: the snapshot files it reads instead of the originals. */
    readonly inputs: ApprovedInputs;
    readonly dir: string;
}

export type ApprovedPart = "roster" | "config" | "state";

const ABSENT = "absent";

function readIfExists(file: string): Buffer | undefined {
    try {
        return fs.readFileSync(file);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
    }
}

const hashOf = (bytes: Buffer | undefined) => (bytes ? sha256Of(bytes) : ABSENT);

export function stackConfigFile(ctx: DriverContext): string {
    return path.join(ctx.projectDir, `Pulumi.${ctx.stack}.yaml`);
}

let taken = 0;

/** Reads the inputs once, keeps their hashes, and writes the copies the engine will read (private: the roster holds emails). */
export async function takeApprovalSnapshot(ctx: DriverContext, what: { rosterFile?: string; state?: boolean }): Promise<ApprovalSnapshot> {
    const dir = path.join(ctx.dataDir, "approved", `${process.pid}-${++taken}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const inputs: ApprovedInputs = {};
    let roster: ApprovalSnapshot["roster"];
    if (what.rosterFile) {
        const bytes = readIfExists(what.rosterFile);
        roster = { file: what.rosterFile, sha256: hashOf(bytes), ...(bytes ? { bytes } : {}) };
        if (bytes) {
            const snapshot: ApprovedRoster = { file: what.rosterFile, sha256: roster.sha256, base64: bytes.toString("base64") };
            inputs.rosterSnapshot = path.join(dir, "roster.json");
            fs.writeFileSync(inputs.rosterSnapshot, JSON.stringify(snapshot), { mode: 0o600 });
        }
    }
    const configFile = stackConfigFile(ctx);
    const configBytes = readIfExists(configFile);
    if (configBytes) {
        // Same folder name rules as the original: Pulumi reads any path given to --config-file.
        inputs.configFile = path.join(dir, path.basename(configFile));
        fs.writeFileSync(inputs.configFile, configBytes, { mode: 0o600 });
    }
    return {
        ...(roster ? { roster } : {}),
        config: { file: configFile, sha256: hashOf(configBytes) },
        ...(what.state ? { stateVersion: await ctx.engine.stateVersion() ?? ABSENT } : {}),
        inputs,
        dir,
    };
}

/** What changed since the snapshot, in the order an instructor would look: the roster, the config, the state. */
export async function changedSinceApproval(ctx: DriverContext, snapshot: ApprovalSnapshot): Promise<ApprovedPart | undefined> {
    if (snapshot.roster && hashOf(readIfExists(snapshot.roster.file)) !== snapshot.roster.sha256) return "roster";
    if (hashOf(readIfExists(snapshot.config.file)) !== snapshot.config.sha256) return "config";
    if (snapshot.stateVersion !== undefined && (await ctx.engine.stateVersion() ?? ABSENT) !== snapshot.stateVersion) return "state";
    return undefined;
}

/** The refusal for a change, naming what changed and the command to run again. */
export function changedMessage(part: ApprovedPart, snapshot: ApprovalSnapshot, command: "up" | "destroy", since: string): string {
    const what = {
        roster: "the roster",
        config: `the stack config (${path.basename(snapshot.config.file)})`,
        state: "the stack's state (another update ran)",
    }[part];
    return `${what} changed since the ${since}: run \`npm run ${command}\` again. Nothing was changed.`;
}

export function discardApprovalSnapshot(snapshot: ApprovalSnapshot): void {
    fs.rmSync(snapshot.dir, { recursive: true, force: true });
}
