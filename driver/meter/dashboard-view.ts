import { freezeLine } from "./live-freeze";
import type { AccountMeter } from "./meter";
import type { MeterSnapshot } from "./snapshot";

/**
 * What the dashboard shows of the live meter, from its last snapshot file: chosen fields only
 * (it is served as JSON), looked up by account id on the page.
 */

export interface MeterCell {
    usdPerHour: number | null;
    sinceStartUsd: number | null;
    /** "what: reason" for each part not in the numbers. */
    unknown: string[];
}

export interface MeterView {
    finishedAt: string;
    periodStart: string;
    /** True when the last refresh is older than three intervals: the meter has probably stopped. */
    stale: boolean;
    students: Record<string, MeterCell>;
    sharedKey: (MeterCell & { userName: string }) | null;
    /** One line per live freeze of the period, oldest first. */
    freezes: string[];
    /** What the meter cannot list in any account. */
    notMetered: string[];
}

function cell(meter: AccountMeter): MeterCell {
    return { usdPerHour: meter.usdPerHour, sinceStartUsd: meter.sinceStartUsd, unknown: meter.unknown.map((u) => `${u.what}: ${u.reason}`) };
}

/** Null before the meter's first refresh. Pure. */
export function meterView(snapshot: MeterSnapshot | undefined, now: Date, staleAfterMs: number): MeterView | null {
    if (!snapshot) return null;
    return {
        finishedAt: snapshot.finishedAt,
        periodStart: snapshot.periodStart,
        stale: now.getTime() - Date.parse(snapshot.finishedAt) > staleAfterMs,
        students: Object.fromEntries(snapshot.students.map((s) => [s.accountId, cell(s.meter)])),
        sharedKey: snapshot.sharedKey ? { userName: snapshot.sharedKey.userName, ...cell(snapshot.sharedKey.meter) } : null,
        freezes: snapshot.freezes.map(freezeLine),
        notMetered: snapshot.notMetered ?? [],
    };
}
