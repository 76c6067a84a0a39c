/**
 * How the Pulumi engine runs steps: each starts as soon as every step it depends on has finished,
 * all of them in parallel otherwise (the default --parallel is far above a workshop's account
 * lanes). Steps take simulated time, so what runs at the same moment — and so what AWS sees in
 * flight at once — follows from the declared graph alone. With continue-on-error semantics, a
 * failed step skips everything that depends on it and nothing else.
 */
export interface Step<T> {
    key: string;
    /** Keys of steps that must finish first; keys not in the schedule are already satisfied. */
    after: string[];
    item: T;
}

export type StepStatus = "done" | "failed" | "skipped";

export interface StepOutcome {
    status: StepStatus;
    start: number;
    end: number;
    message?: string;
}

export interface Execution {
    ok: boolean;
    /** Simulated milliseconds the step took (a failed wait takes its whole timeout). */
    duration: number;
    message?: string;
}

/** Runs `execute` for every step in the order of its simulated start time (ties keep declaration order). */
export async function runSchedule<T>(
    steps: Step<T>[], execute: (item: T, start: number) => Promise<Execution>,
): Promise<Map<string, StepOutcome>> {
    const outcomes = new Map<string, StepOutcome>();
    const keys = new Set(steps.map((s) => s.key));
    const pending = [...steps];
    while (pending.length > 0) {
        let next: { index: number; start: number } | undefined;
        for (let i = 0; i < pending.length; i++) {
            const deps = pending[i].after.filter((k) => keys.has(k));
            if (!deps.every((k) => outcomes.has(k))) continue;
            const depOutcomes = deps.map((k) => outcomes.get(k)!);
            const start = Math.max(0, ...depOutcomes.map((o) => o.end));
            if (depOutcomes.some((o) => o.status !== "done")) {
                outcomes.set(pending[i].key, { status: "skipped", start, end: start });
                pending.splice(i, 1);
                next = undefined;
                i = -1;
                continue;
            }
            if (!next || start < next.start) next = { index: i, start };
        }
        if (!next) {
            if (pending.length === 0) break;
            throw new Error(`dependency cycle among ${pending.map((s) => s.key).join(", ")}`);
        }
        const [step] = pending.splice(next.index, 1);
        const result = await execute(step.item, next.start);
        outcomes.set(step.key, {
            status: result.ok ? "done" : "failed", start: next.start, end: next.start + result.duration,
            ...(result.message ? { message: result.message } : {}),
        });
    }
    return outcomes;
}
