import * as fs from "fs";
import * as path from "path";

import { writeFileAtomic } from "../files/atomic-file";
import { readJsonRecord, writeJsonRecord } from "../files/json-record";
import type { FreezeRecord } from "./live-freeze";
import type { AccountLedger, AccountMeter } from "./meter";

/**
 * The last completed refresh, as a file under the stack's data directory: the dashboard,
 * `status` and `report` read it and never wait for AWS; the meter replaces it in one step.
 */

export interface StudentMeterView {
    key: string;
    name: string;
    email: string;
    accountId: string;
    meter: AccountMeter;
}

export interface MeterSnapshot {
    version: 1;
    startedAt: string;
    /** When the refresh finished: the time its numbers are as of. */
    finishedAt: string;
    /** The estimate counts spend from here (--since, or the start of the month). */
    periodStart: string;
    students: StudentMeterView[];
    /** Workshop mode: Bedrock spend in the management account, where the shared key's use lands. */
    sharedKey?: { userName: string; meter: AccountMeter };
    /** What the driver cannot list in any account (said once, not as an unknown part of every student). */
    notMetered: string[];
    /** Every live freeze of the period, oldest first. */
    freezes: FreezeRecord[];
    /** Requests this refresh sent, by service. */
    requests: Record<string, number>;
    /** How many prices came from where. */
    prices: { priceList: number; bundled: number; unknown: number };
}

export function meterSnapshotPath(dataDir: string): string {
    return path.join(dataDir, "meter-snapshot.json");
}

export function writeMeterSnapshot(file: string, snapshot: MeterSnapshot): void {
    writeJsonRecord(file, snapshot);
}

/** The last snapshot, or undefined before the first refresh (or if the file is not one). */
export function readMeterSnapshot(file: string): MeterSnapshot | undefined {
    return readJsonRecord<MeterSnapshot>(file, (parsed) => parsed.version === 1 && Array.isArray(parsed.students));
}

/** The ledger the meter accrues into, by account (and "shared-key"), for one period. */
export interface MeterLedgerFile {
    version: 1;
    periodStart: string;
    accounts: Record<string, AccountLedger>;
}

export function meterLedgerPath(dataDir: string): string {
    return path.join(dataDir, "meter-ledger.json");
}

export function loadMeterLedger(file: string, periodStart: Date): MeterLedgerFile {
    // Missing, or of another period: the first refresh of this period.
    return readJsonRecord<MeterLedgerFile>(file, (parsed) => parsed.version === 1 && parsed.periodStart === periodStart.toISOString() && !!parsed.accounts)
        ?? { version: 1, periodStart: periodStart.toISOString(), accounts: {} };
}

export function saveMeterLedger(file: string, ledger: MeterLedgerFile): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, JSON.stringify(ledger) + "\n");
}
