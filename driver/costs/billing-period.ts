/** A Cost Explorer time period: ISO dates, Start inclusive, End exclusive. */
export interface BillingPeriod {
    start: string;
    end: string;
    /** "YYYY-MM": the month the period belongs to, part of the cost cache key. */
    month: string;
}

function isoDate(date: Date): string {
    return date.toISOString().slice(0, 10);
}

/**
 * Month to date in UTC, the calendar Cost Explorer bills in. End is tomorrow because it is
 * exclusive: that includes today's (estimated) costs and, on the 1st of the month, keeps
 * End after Start, which Cost Explorer requires.
 */
export function monthToDate(now: Date): BillingPeriod {
    const firstOfMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
    return { start: isoDate(firstOfMonth), end: isoDate(tomorrow), month: isoDate(firstOfMonth).slice(0, 7) };
}
