import * as fs from "fs";
import * as path from "path";

import { writeFileAtomic } from "../files/atomic-file";

/**
 * The live freeze: when a student's estimated spend since the start crosses liveFreezeAtUsd,
 * freeze them as the budget action would, minutes after the spend instead of the 8-12 hours
 * Budgets takes; in workshop mode, when the shared key's estimated Bedrock spend crosses its own
 * threshold, deactivate the key. Each fires once per period: the record survives restarts, so
 * an instructor who unfreezes a student is not overruled at the next refresh.
 */

export type FreezeTarget =
    | { kind: "student"; accountId: string; name: string; email: string; budgetName: string }
    | { kind: "shared-key"; userName: string };

export interface FreezeCandidate {
    target: FreezeTarget;
    /** Estimated spend since the period start; null when unknown (never fires on an unknown). */
    estimateUsd: number | null;
    thresholdUsd: number | undefined;
}

export interface FreezeRecord {
    targetId: string;
    who: string;
    at: string;
    estimateUsd: number;
    thresholdUsd: number;
    mode: "applied" | "dry-run";
    outcome: "ok" | "failed";
    message: string;
}

export interface LiveFreezeState {
    version: 1;
    periodStart: string;
    records: Record<string, FreezeRecord>;
}

export function targetId(target: FreezeTarget): string {
    return target.kind === "student" ? `account:${target.accountId}` : `shared-key:${target.userName}`;
}

export function targetName(target: FreezeTarget): string {
    return target.kind === "student" ? `${target.name} <${target.email}> (account ${target.accountId})` : `the shared workshop key (IAM user ${target.userName})`;
}

export function emptyFreezeState(periodStart: Date): LiveFreezeState {
    return { version: 1, periodStart: periodStart.toISOString(), records: {} };
}

/**
 * Which candidates to act on now. Pure. A real run is blocked only by a successful real action;
 * a dry run only by an earlier dry run, so turning dry-run off later still acts. A failed action
 * is tried again at the next refresh.
 */
export function decideFreezes(state: LiveFreezeState, candidates: FreezeCandidate[], dryRun: boolean): FreezeCandidate[] {
    const mode = dryRun ? "dry-run" : "applied";
    return candidates.filter((c) => {
        if (c.thresholdUsd === undefined || c.estimateUsd === null || c.estimateUsd < c.thresholdUsd) return false;
        const record = state.records[targetId(c.target)];
        return !(record && record.outcome === "ok" && (record.mode === "applied" || record.mode === mode));
    });
}

export function liveFreezeStatePath(dataDir: string): string {
    return path.join(dataDir, "live-freeze.json");
}

/** The state for this period; a new period starts with no records. */
export function loadFreezeState(file: string, periodStart: Date): LiveFreezeState {
    try {
        const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<LiveFreezeState>;
        if (parsed.version === 1 && parsed.periodStart === periodStart.toISOString() && parsed.records) return parsed as LiveFreezeState;
    } catch {
        // Missing: nothing fired yet.
    }
    return emptyFreezeState(periodStart);
}

export function saveFreezeState(file: string, state: LiveFreezeState): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, JSON.stringify(state, null, 2) + "\n");
}

/** What a freeze does; driver/meter/live-freeze-actions.ts has the AWS calls, tests pass fakes. */
export interface FreezeActions {
    freezeStudent(target: Extract<FreezeTarget, { kind: "student" }>): Promise<string>;
    deactivateSharedKey(userName: string): Promise<string>;
}

/**
 * Acts on the decided candidates (or, in a dry run, only says what it would do), records each
 * outcome in the state and returns the new records. Never throws for one target's failure.
 */
export async function applyFreezes(decided: FreezeCandidate[], state: LiveFreezeState, actions: FreezeActions,
    options: { dryRun: boolean; now: Date }): Promise<FreezeRecord[]> {
    const records: FreezeRecord[] = [];
    for (const candidate of decided) {
        const { target } = candidate;
        const base = { targetId: targetId(target), who: targetName(target), at: options.now.toISOString(),
            estimateUsd: candidate.estimateUsd!, thresholdUsd: candidate.thresholdUsd! };
        const would = target.kind === "student" ? "attach the freeze SCP" : "deactivate its access keys";
        let record: FreezeRecord;
        if (options.dryRun) {
            record = { ...base, mode: "dry-run", outcome: "ok", message: `dry run: would ${would}` };
        } else {
            try {
                const message = target.kind === "student" ? await actions.freezeStudent(target) : await actions.deactivateSharedKey(target.userName);
                record = { ...base, mode: "applied", outcome: "ok", message };
            } catch (error) {
                record = { ...base, mode: "applied", outcome: "failed", message: `could not ${would}: ${(error as Error).message}` };
            }
        }
        state.records[record.targetId] = record;
        records.push(record);
    }
    return records;
}

/** One line for the terminal and the dashboard banner. */
export function freezeLine(record: FreezeRecord): string {
    const crossed = `estimated $${record.estimateUsd.toFixed(2)} since the start ≥ live freeze at $${record.thresholdUsd.toFixed(2)}`;
    if (record.mode === "dry-run") return `Live freeze (dry run) for ${record.who}: ${crossed}; ${record.message}.`;
    if (record.outcome === "failed") return `Live freeze FAILED for ${record.who}: ${crossed}; ${record.message}. It is tried again at the next refresh.`;
    return `Live freeze for ${record.who}: ${crossed}; ${record.message}.`;
}
