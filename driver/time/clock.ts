/** Time as the sender sees it: injectable so pacing and backoff tests need not wait. */
export interface Clock {
    /** Milliseconds, monotonic enough for pacing. */
    now(): number;
    sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
    now: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** A clock that only moves when someone sleeps on it; sleeps resolve at once. */
export function manualClock(start = 0): Clock & { slept: number[] } {
    let time = start;
    const slept: number[] = [];
    return {
        slept,
        now: () => time,
        sleep: async (ms) => {
            slept.push(ms);
            time += Math.max(0, ms);
        },
    };
}
