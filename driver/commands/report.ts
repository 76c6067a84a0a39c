import * as path from "path";
import type { Argv, CommandModule } from "yargs";

import type { ContextFactory } from "../context";
import { minutesToMs } from "../costs/cache-settings";
import { billedRequestsText } from "../costs/fetch-cost-and-usage";
import { writeReport } from "../report/write-report";
import { type GlobalArgs,runWith } from "./command";

interface ReportArgs extends GlobalArgs {
    outDir?: string;
    cacheTtl: number;
}

export function reportCommand(getContext: ContextFactory): CommandModule<object, ReportArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .option("out-dir", { type: "string", describe: "Directory for the report (default: .workshop/<stack>/reports)" })
            .option("cache-ttl", { type: "number", default: 30,
                describe: "Minutes cached Budgets and Cost Explorer answers are still used; 0 asks again (Cost Explorer bills $0.01 a page)" })
            .check((argv) => {
                if (!(Number(argv["cache-ttl"]) >= 0)) throw new Error("--cache-ttl must be 0 or more minutes");
                return true;
            }) as unknown as Argv<ReportArgs>,
        handler: runWith(getContext, async (ctx, argv) => {
            const written = await writeReport(ctx, {
                ttlMs: minutesToMs(argv.cacheTtl),
                ...(argv.outDir ? { outDir: path.resolve(argv.outDir) } : {}),
            });
            ctx.log(`Report: ${written.markdownPath}`);
            ctx.log(`        ${written.csvPath}`);
            ctx.log(`Spend by service: ${billedRequestsText(written.billedRequests)}; spend per student from AWS Budgets, free.`);
        }),
    };
}
