import { DEFAULT_THRESHOLDS } from "./spend-band";

/**
 * The stack's budgetAlertThresholds config, read leniently: `up` has already validated it
 * (infra/config.ts), so anything unreadable here just falls back to the defaults rather than
 * stopping a dashboard. Accepts the same JSON list or comma-separated forms.
 */
export function parseBudgetThresholds(raw: string | undefined): number[] {
    const text = raw?.trim();
    if (!text) return [...DEFAULT_THRESHOLDS];
    let values: unknown[];
    try {
        const parsed: unknown = text.startsWith("[") ? JSON.parse(text) : text.split(",");
        values = Array.isArray(parsed) ? parsed : [];
    } catch {
        values = [];
    }
    const thresholds = values.map(Number).filter((n) => Number.isFinite(n) && n > 0);
    return thresholds.length > 0 ? [...new Set(thresholds)].sort((a, b) => a - b) : [...DEFAULT_THRESHOLDS];
}
