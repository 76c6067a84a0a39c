import type { Simulation } from "./aws-rules/simulation";

/**
 * How the Pulumi engine runs steps: each starts as soon as every step it depends on has finished,
 * all of them in parallel otherwise (the default --parallel is far above what a workshop needs).
 * Steps run as tasks on simulated time (aws-rules/simulation.ts), so what runs at the same moment —
 * and so what AWS sees in flight at once — follows from the declared graph and from what each step
 * waits for, in this stack and in any other stack deploying into the same AWS at the same time.
 * With continue-on-error semantics, a failed step skips everything that depends on it and nothing else.
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
    /** Simulated milliseconds the step takes after its call returns (a failed wait takes its whole timeout). */
    duration: number;
    message?: string;
}

function checkAcyclic<T>(steps: Step<T>[]): void {
    const byKey = new Map(steps.map((s) => [s.key, s]));
    const state = new Map<string, "visiting" | "done">();
    const visit = (key: string): void => {
        if (state.get(key) === "done") return;
        if (state.get(key) === "visiting") throw new Error(`dependency cycle through ${key}`);
        state.set(key, "visiting");
        for (const dep of byKey.get(key)!.after) if (byKey.has(dep)) visit(dep);
        state.set(key, "done");
    };
    for (const step of steps) visit(step.key);
}

/** Runs `execute` for every step as soon as its dependencies are done, all on `sim`'s virtual time. */
export async function runSchedule<T>(
    steps: Step<T>[], execute: (item: T, start: number) => Promise<Execution>, sim: Simulation,
): Promise<Map<string, StepOutcome>> {
    checkAcyclic(steps);
    const byKey = new Map(steps.map((s) => [s.key, s]));
    const running = new Map<string, Promise<StepOutcome>>();
    const outcomes = new Map<string, StepOutcome>();
    const run = (step: Step<T>): Promise<StepOutcome> => {
        let outcome = running.get(step.key);
        if (!outcome) {
            outcome = (async () => {
                const deps = await Promise.all(step.after.filter((k) => byKey.has(k)).map((k) => run(byKey.get(k)!)));
                const start = sim.now();
                if (deps.some((o) => o.status !== "done")) return { status: "skipped" as const, start, end: start };
                const result = await execute(step.item, start);
                await sim.sleep(result.duration);
                return {
                    status: result.ok ? "done" as const : "failed" as const, start, end: sim.now(),
                    ...(result.message ? { message: result.message } : {}),
                };
            })();
            outcome.then((o) => outcomes.set(step.key, o), () => undefined);
            running.set(step.key, outcome);
        }
        return outcome;
    };
    await sim.session(() => Promise.all(steps.map(run)));
    // Declaration order, as the callers list outcomes.
    return new Map(steps.map((s) => [s.key, outcomes.get(s.key)!]));
}
