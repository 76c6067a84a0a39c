/**
 * Aborts on Ctrl-C or a polite kill, so long-running commands (the dashboard, the meter) can
 * finish what is in flight and close before the process exits. dispose() removes the handlers.
 */
export function stopSignal(): { signal: AbortSignal; dispose(): void } {
    const controller = new AbortController();
    const stop = () => {
        dispose();
        controller.abort();
    };
    const dispose = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    return { signal: controller.signal, dispose };
}

/** Resolves when the signal aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
        if (signal.aborted) resolve();
        else signal.addEventListener("abort", () => resolve(), { once: true });
    });
}
