import type { Clock } from "./clock";

interface Timer { at: number; seq: number; fn: () => void }

/**
 * Simulated time that runs many things at once, as Pulumi's engine and AWS do: every step of every
 * stack and every wait inside a dynamic provider is a task on one virtual clock. Time jumps to the
 * next timer only once every task has done all it can at the current instant, so what one task
 * does (an account creation, a lease) is seen by every other task at that moment — a wait that
 * polls AWS sees other stacks' work as it happens, and two waiters that look at the same time can
 * race exactly as they would against AWS. Inside a session, setTimeout and Date.now are virtual.
 */
export class Simulation {
    private timers: Timer[] = [];
    private seq = 0;
    private live = 0;
    private pumping?: Promise<void>;

    constructor(private readonly clock: Clock) {}

    now(): number {
        return this.clock.now();
    }

    /** A setTimeout on virtual time. */
    schedule(fn: () => void, ms = 0): number {
        const timer = { at: this.now() + Math.max(0, Number(ms) || 0), seq: this.seq++, fn };
        this.timers.push(timer);
        return timer.seq;
    }

    sleep(ms: number): Promise<void> {
        return new Promise((done) => this.schedule(done, ms));
    }

    /**
     * Runs `fn` as a task on virtual time. The outermost session drives every task started while it
     * runs (other stacks' sessions included) until all have finished; nested sessions just join.
     */
    async session<T>(fn: () => Promise<T>): Promise<T> {
        // The first session starts the pump before its task, so tasks that start sessions of their own
        // (each stack's schedule, each dynamic provider call) join it; it runs until every task has
        // finished and puts the real timers back before the first session returns.
        const owner = !this.pumping;
        if (owner) this.pumping = this.pump();
        const pumping = this.pumping!;
        this.live++;
        const result = fn().finally(() => { this.live--; });
        result.catch(() => undefined);
        if (owner) {
            try {
                await pumping;
            } finally {
                this.pumping = undefined;
            }
            return result;
        }
        // A joined session returns as soon as its own task is done (one stack of several), unless the pump fails.
        return Promise.race([result, pumping.then(() => result)]);
    }

    private async pump(): Promise<void> {
        await Promise.resolve();
        const realSetTimeout = global.setTimeout;
        const realNow = Date.now;
        global.setTimeout = ((fn: () => void, ms?: number) => this.schedule(fn, ms)) as unknown as typeof setTimeout;
        Date.now = () => this.now();
        try {
            let idleSince: number | undefined;
            while (this.live > 0) {
                // Let every task run to its next wait (SDK answers resolve through promises), then fire the earliest timer.
                await new Promise((done) => setImmediate(done));
                if (this.live === 0) break;
                if (this.timers.length === 0) {
                    // Real I/O (a module load, a file) takes real time; only a long real wait means a task hangs.
                    idleSince ??= performance.now();
                    if (performance.now() - idleSince > 60_000) throw new Error("simulated tasks are waiting on something other than a timer or the SDK");
                    continue;
                }
                idleSince = undefined;
                this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
                const timer = this.timers.shift()!;
                if (timer.at > this.clock.now()) this.clock.set(timer.at);
                timer.fn();
            }
        } finally {
            global.setTimeout = realSetTimeout;
            Date.now = realNow;
        }
    }
}
