import type { Clock } from "../time/clock";

/**
 * Spaces calls at most `ratePerSecond` apart: each call gets the next free slot, one
 * interval after the previous one. SES counts every recipient against MaxSendRate,
 * retries included, so every attempt takes a slot. No burst allowance: SES's own
 * bucket is per second, and starting a second early buys nothing for a few dozen emails.
 */
export class Pacer {
    private readonly intervalMs: number;
    private nextSlot = -Infinity;

    constructor(ratePerSecond: number, private readonly clock: Clock) {
        if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
            throw new Error(`send rate must be a positive number of messages per second, got ${ratePerSecond}`);
        }
        this.intervalMs = 1000 / ratePerSecond;
    }

    /** Resolves when the caller may send one message. */
    async take(): Promise<void> {
        const now = this.clock.now();
        const slot = Math.max(now, this.nextSlot);
        this.nextSlot = slot + this.intervalMs;
        if (slot > now) await this.clock.sleep(slot - now);
    }
}
