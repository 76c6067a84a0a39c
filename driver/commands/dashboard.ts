import * as path from "path";
import type { Argv, CommandModule } from "yargs";

import type { ContextFactory } from "../context";
import { minutesToMs } from "../costs/cache-settings";
import { OVERVIEW_PATH } from "../dashboard/overview-page";
import { startDashboardServer } from "../dashboard/server";
import { writeDashboardSnapshot } from "../dashboard/snapshot";
import { emailLedgerPath } from "../email/ledger";
import { readEmailedMap } from "../workshop-model/email-ledger";
import { dashboardLoader, loadDashboardModel } from "../workshop-model/load-model";
import { overviewLoader } from "../workshop-model/load-overview";
import { type GlobalArgs,runWith } from "./command";
import { type MeterArgs,meterOptions, runMeterInBackground } from "./meter";
import { aborted, stopSignal } from "./stop-signal";

interface DashboardArgs extends GlobalArgs, Omit<MeterArgs, "once"> {
    meter?: boolean;
    port: number;
    refresh: number;
    cacheTtl: number;
    out?: string;
}

export function dashboardCommand(getContext: ContextFactory): CommandModule<object, DashboardArgs> {
    return {
        builder: (yargs: Argv) => meterOptions(yargs)
            .option("port", { type: "number", default: 8787, describe: "Port on 127.0.0.1" })
            .option("refresh", { type: "number", default: 60, describe: "Seconds between the page's refreshes" })
            .option("cache-ttl", { type: "number", default: 30,
                describe: "Minutes AWS Budgets and Organizations answers are reused (Budgets recalculates up to 3 times a day)" })
            .option("out", { type: "string", describe: "Write a static HTML snapshot to this file instead of serving" })
            .option("meter", { type: "boolean", describe: "Also run the live cost meter here (see `meter --help` for its options)" })
            .check((argv) => {
                if (!Number.isInteger(argv.port) || argv.port < 1 || argv.port > 65535) throw new Error("--port must be 1-65535");
                if (!(argv.refresh >= 1)) throw new Error("--refresh must be at least 1 second");
                // Nothing asked is billed, but Budgets changes a few times a day: asking every poll would only risk throttling.
                if (!(Number(argv["cache-ttl"]) >= 1)) throw new Error("--cache-ttl must be at least 1 minute");
                return true;
            }) as unknown as Argv<DashboardArgs>,
        handler: runWith(getContext, async (ctx, argv) => {
            const ttlMs = minutesToMs(argv.cacheTtl);
            if (argv.out) {
                ctx.log(`Wrote ${await writeDashboardSnapshot(path.resolve(argv.out), await loadDashboardModel(ctx, { ttlMs }))}`);
                return;
            }
            // A damaged ledger stops the dashboard before it serves a page saying nobody was emailed;
            // damaged later, the page shows the same message on its next refresh.
            readEmailedMap(emailLedgerPath(ctx.dataDir));
            const load = dashboardLoader(ctx, { ttlMs });
            const loadOverview = await overviewLoader(ctx, ttlMs);
            const server = await startDashboardServer({ host: "127.0.0.1", port: argv.port, load, refreshSeconds: argv.refresh, loadOverview, now: () => ctx.now() });
            ctx.log(`Dashboard for stack ${ctx.stack} on ${server.url}`);
            if (loadOverview) ctx.log(`Every workshop of this state backend: ${server.url}${OVERVIEW_PATH.slice(1)}`);
            ctx.log(`The page refreshes every ${argv.refresh} s; AWS Budgets (free to ask, never Cost Explorer) is asked at most once ` +
                `per ${argv.cacheTtl} min, the stack outputs only when the stack changes. Ctrl-C stops.`);
            const stop = stopSignal();
            const meter = argv.meter ? await runMeterInBackground(ctx, argv, stop.signal) : undefined;
            await aborted(stop.signal);
            await Promise.all([server.close(), meter?.stopped]);
        }),
    };
}
