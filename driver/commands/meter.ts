import type { Argv, CommandModule } from "yargs";

import type { ContextFactory, DriverContext } from "../context";
import { meterLines } from "../meter/format";
import { type LiveMeter,liveMeter } from "../meter/live-meter";
import { runLoop } from "../meter/loop";
import { type InventoryReader,refreshMeter } from "../meter/refresh";
import type { MeterSnapshot } from "../meter/snapshot";
import { type GlobalArgs,runWith } from "./command";
import { stopSignal } from "./stop-signal";

export interface MeterArgs extends GlobalArgs {
    once?: boolean;
    interval: number;
    since?: string;
    dryRun?: boolean;
    concurrency: number;
    offlinePrices?: boolean;
}

export interface MeterOptions {
    /** Lists what bills in an account; tests pass their own. */
    inventory?: InventoryReader;
    /** Stops the loop; Ctrl-C when absent. */
    signal?: AbortSignal;
}

export const DEFAULT_METER_INTERVAL_MIN = 5;
export const DEFAULT_METER_CONCURRENCY = 16;

/** The meter's options, shared by `meter` and `dashboard --meter`. */
export function meterOptions<T>(yargs: Argv<T>): Argv<T> {
    return yargs
        .option("interval", { type: "number", default: DEFAULT_METER_INTERVAL_MIN, describe: "Minutes between meter refreshes" })
        .option("since", { type: "string", describe: "ISO date or time the estimate counts from (default: the start of the month, like Budgets)" })
        .option("dry-run", { type: "boolean", describe: "Log what the live freeze would do instead of doing it" })
        .option("concurrency", { type: "number", default: DEFAULT_METER_CONCURRENCY, describe: "Student accounts read at once" })
        .option("offline-prices", { type: "boolean", describe: "Use the bundled price table only (no Price List calls)" })
        .check((argv) => {
            if (!(Number(argv.interval) >= 1)) throw new Error("--interval must be at least 1 minute");
            if (!Number.isInteger(argv.concurrency) || Number(argv.concurrency) < 1 || Number(argv.concurrency) > 64) {
                throw new Error("--concurrency must be a whole number from 1 to 64");
            }
            return true;
        }) as unknown as Argv<T>;
}

export async function startLiveMeter(ctx: DriverContext, argv: Omit<MeterArgs, "once">, options: MeterOptions): Promise<LiveMeter> {
    const meter = await liveMeter(ctx, { since: argv.since, dryRun: !!argv.dryRun, concurrency: argv.concurrency,
        offlinePrices: !!argv.offlinePrices, ...(options.inventory ? { inventory: options.inventory } : {}) });
    const { studentUsd, sharedKeyUsd } = meter.plan.thresholds;
    ctx.log(studentUsd === undefined
        ? "Live freeze is off: set liveFreezeAtUsd in the stack config to freeze a student whose estimate crosses it."
        : `Live freeze${argv.dryRun ? " (dry run)" : ""} at an estimated $${studentUsd.toFixed(2)} per student` +
            (meter.plan.sharedKeyUser && sharedKeyUsd !== undefined ? `, $${sharedKeyUsd.toFixed(2)} for the shared key` : "") + ".");
    return meter;
}

/** Refreshes every interval until the signal aborts; `shown` gets each finished refresh. */
function meterLoop(ctx: DriverContext, meter: LiveMeter, interval: number, signal: AbortSignal, shown: (snapshot: MeterSnapshot) => void): Promise<void> {
    return runLoop({ intervalMs: interval * 60_000, signal,
        refresh: async (inFlight) => shown((await refreshMeter(meter.plan, meter.services, inFlight)).snapshot),
        onError: (error) => ctx.warn(`The meter refresh failed: ${(error as Error).message}. Trying again in ${interval} min.`) });
}

/** Runs the meter until stopped (or once); returns the exit code. */
export async function runMeter(ctx: DriverContext, argv: MeterArgs, options: MeterOptions = {}): Promise<number> {
    const meter = await startLiveMeter(ctx, argv, options);
    if (meter.plan.students.length === 0) {
        ctx.log("No deployed students to meter: run `up` first.");
        return 0;
    }
    const show = (snapshot: MeterSnapshot) => meterLines(snapshot).forEach((line) => ctx.log(line));
    if (argv.once) {
        show((await refreshMeter(meter.plan, meter.services)).snapshot);
        return 0;
    }
    const stop = options.signal ? { signal: options.signal, dispose: () => undefined } : stopSignal();
    ctx.log(`Refreshing every ${argv.interval} min; Ctrl-C stops.`);
    try {
        await meterLoop(ctx, meter, argv.interval, stop.signal, show);
    } finally {
        stop.dispose();
    }
    ctx.log("Meter stopped.");
    return 0;
}

/**
 * Starts the meter beside another command (the dashboard) and returns once it runs, with the
 * loop's end to wait for: a bad setting fails here; a failed refresh is reported, never thrown.
 */
export async function runMeterInBackground(ctx: DriverContext, argv: Omit<MeterArgs, "once">, signal: AbortSignal): Promise<{ stopped: Promise<void> }> {
    const meter = await startLiveMeter(ctx, argv, {});
    ctx.log(`Live meter: refreshing every ${argv.interval} min into the dashboard.`);
    return { stopped: meterLoop(ctx, meter, argv.interval, signal, () => undefined) };
}

export function meterCommand(getContext: ContextFactory, options: MeterOptions = {}): CommandModule<object, MeterArgs> {
    return {
        builder: (yargs: Argv) => meterOptions(yargs.option("once", { type: "boolean", describe: "Refresh once and exit" })) as Argv<MeterArgs>,
        handler: runWith(getContext, (ctx, argv) => runMeter(ctx, argv, options)),
    };
}
