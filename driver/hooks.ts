import type { WorkshopOutputs } from "../infra/outputs";
import type { DriverContext } from "./context";

/**
 * Work other parts of the driver do around an update, injected so `up` and `destroy` stay
 * testable without SES or Cost Explorer. Each resolves to the number of things that failed
 * (0 = all good); a throw counts as a failure too.
 */
export type AfterUpdateHook = (ctx: DriverContext, outputs: WorkshopOutputs) => Promise<number>;
export type BeforeDestroyHook = (ctx: DriverContext, outputs: WorkshopOutputs) => Promise<number>;

/** Runs a hook, turning a throw into a reported failure: the update itself already happened. */
export async function runHook(ctx: DriverContext, what: string, hook: () => Promise<number>): Promise<number> {
    try {
        return await hook();
    } catch (error) {
        ctx.warn(`${what} failed: ${(error as Error).message}`);
        return 1;
    }
}

/** The organization's readiness, first thing in `up` and `preview`: `blocking` stops `up` before any change. */
export type ReadinessHook = (ctx: DriverContext, command: "up" | "preview", out?: Pick<DriverContext, "log" | "warn">) => Promise<{ blocking: boolean }>;

/** After an `up` that created accounts: prove the guardrails on the first of them (once per workshop). */
export type NewAccountsHook = (ctx: DriverContext, outputs: WorkshopOutputs, newStudentKeys: string[]) => Promise<number>;
