export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const DAY = 24 * 60 * MINUTE;

/**
 * Simulated time shared by every service model: the mock engine sets it to the moment a step
 * starts, tests move it forward (for example 31 days to free the close quota). Asynchronous AWS
 * work (account creation and closure) is modelled as timestamps, so a state is read, not waited for.
 */
export class Clock {
    private current: number;
    /** While set, time follows this source (fake timers in a dynamic provider's retry loop). */
    private source?: () => number;

    constructor(start = Date.parse("2026-11-20T08:00:00Z")) {
        this.current = start;
    }

    now(): number {
        return this.source ? this.source() : this.current;
    }

    set(time: number): void {
        this.source = undefined;
        this.current = time;
    }

    advance(ms: number): void {
        this.set(this.now() + ms);
    }

    /** Lets `fn`'s own clock drive time until `release` is called. */
    follow(fn: () => number): () => void {
        this.source = fn;
        return () => { this.current = fn(); this.source = undefined; };
    }
}
