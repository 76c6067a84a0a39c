/** Money in reports: dollars and cents, always two decimals. */
export function formatUsd(usd: number): string {
    return `$${usd.toFixed(2)}`;
}

/** Percent of a budget, cut (never rounded up) to one decimal: 49.98% must not read as the 50% alert. */
export function truncatePercent(percent: number): number {
    return Math.floor(percent * 10 + 1e-9) / 10;
}

export function formatPercent(percent: number): string {
    return `${truncatePercent(percent).toFixed(1)}%`;
}

export function roundTo(value: number, decimals: number): number {
    const factor = 10 ** decimals;
    return Math.round(value * factor) / factor;
}
