export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const DAY = 24 * 60 * MINUTE;

/**
 * Simulated time shared by every service model: the simulation (simulation.ts) moves it as tasks
 * wait, tests move it forward (for example 31 days to free the close quota). Asynchronous AWS work
 * (account creation and closure) is modelled as timestamps, so a state is read, not waited for.
 */
export class Clock {
    private current: number;

    constructor(start = Date.parse("2026-11-20T08:00:00Z")) {
        this.current = start;
    }

    now(): number {
        return this.current;
    }

    set(time: number): void {
        this.current = time;
    }

    advance(ms: number): void {
        this.set(this.now() + ms);
    }
}
