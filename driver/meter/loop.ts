/**
 * Refreshes every interval until the signal aborts: the first refresh at once, the next one an
 * interval after the previous one finished (a slow refresh never overlaps the next). A failed
 * refresh is reported and the loop goes on. Resolves once the refresh in flight has settled.
 */
export interface LoopOptions {
    intervalMs: number;
    signal: AbortSignal;
    refresh(signal: AbortSignal): Promise<void>;
    onError(error: unknown): void;
}

/** Resolves after ms, or at once when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
        if (signal.aborted) return resolve();
        const done = () => {
            clearTimeout(timer);
            signal.removeEventListener("abort", done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener("abort", done, { once: true });
    });
}

export async function runLoop(options: LoopOptions): Promise<void> {
    const { signal } = options;
    while (!signal.aborted) {
        try {
            await options.refresh(signal);
        } catch (error) {
            if (signal.aborted) break;
            options.onError(error);
        }
        await sleep(options.intervalMs, signal);
    }
}
