/** The signals a user or a service manager sends to stop the driver politely. */
const POLITE_STOPS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

let sections = 0;
let listening = false;

function stopListening(): void {
    POLITE_STOPS.forEach((signal) => process.off(signal, onStop));
    listening = false;
}

function onStop(signal: NodeJS.Signals): void {
    stopListening();
    // Another listener (the dashboard's Ctrl-C, say) decides what the signal does. Alone, do what
    // Node does without listeners: end the process by that signal.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/**
 * Runs synchronous work that must not be cut in half (a file write and its rename). Without a
 * listener, Node ends the process at Ctrl-C or SIGTERM in the middle of synchronous code; with
 * one, the signal waits for the event loop, so the work completes and the process then ends as
 * it was asked to, a few milliseconds late. SIGKILL cannot be deferred: see writeFileAtomic.
 */
export function withSignalsDeferred<T>(work: () => T): T {
    sections++;
    if (!listening) {
        POLITE_STOPS.forEach((signal) => process.on(signal, onStop));
        listening = true;
    }
    try {
        return work();
    } finally {
        // Listening must last until the event loop has delivered a signal that arrived during the work.
        setImmediate(() => {
            if (--sections === 0 && listening) stopListening();
        });
    }
}
