import type { Argv, CommandModule } from "yargs";

import type { ContextFactory, DriverContext } from "../context";
import { renderTable } from "../ui/table";
import { gatherOverview } from "../workshop-model/load-overview";
import { type GlobalArgs, runWith } from "./command";

export interface WorkshopsArgs extends GlobalArgs {
    json?: boolean;
}

const usd = (amount: number | null) => (amount === null ? "?" : `$${amount.toFixed(2)}`);

/** One table of every workshop in the state backend, then the organization's totals against its quotas. */
export async function runWorkshops(ctx: DriverContext, argv: WorkshopsArgs): Promise<number> {
    const overview = await gatherOverview(ctx);
    if (argv.json) {
        ctx.log(JSON.stringify(overview, null, 2));
        return 0;
    }
    const rows = overview.workshops.map((w) => [
        w.workshopName || "?", w.stack, String(w.students), String(w.accounts.active), String(w.accounts.frozen), String(w.accounts.closing),
        String(w.accounts.waitingForCloseQuota), `${usd(w.spendUsd)} of ${usd(w.budgetUsd)}`, w.lastUpdate ?? "never",
    ]);
    if (rows.length === 0) ctx.log("No workshop stacks in this state backend yet.");
    else {
        renderTable(["workshop", "stack", "students", "active", "frozen", "closing", "waiting for close quota", "spend / budgets", "last update"], rows,
            { align: ["left", "left", "right", "right", "right", "right", "right", "right", "left"] }).forEach((line) => ctx.log(line));
    }
    const t = overview.totals;
    ctx.log(`Organization: ${t.members} member account(s) (${t.active} active, ${t.closing} closing, ${t.suspended} suspended: closed accounts count for 90 days) ` +
        `of an account quota of ${t.accountQuota ?? "? (Service Quotas did not say)"}.`);
    ctx.log(`Close quota for a rolling 30 days: ${t.closeQuota.apiReference} (CloseAccount API reference) to ${t.closeQuota.quotasPage} (quotas page); ` +
        `${t.closedRecently} account(s) were closed in the last 90 days, the most the window can already hold.`);
    return 0;
}

export function workshopsCommand(getContext: ContextFactory): CommandModule<object, WorkshopsArgs> {
    return {
        command: "workshops",
        describe: "Every workshop (stack) in the state backend: students, accounts by state, spend, and the organization's quotas",
        builder: (yargs: Argv) => yargs.option("json", { type: "boolean", describe: "Print it as JSON (for scripts)" }) as Argv<WorkshopsArgs>,
        handler: runWith(getContext, runWorkshops),
    };
}
