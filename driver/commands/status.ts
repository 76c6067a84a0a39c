import type { Argv, CommandModule } from "yargs";

import type { WorkshopOutputs } from "../../infra/outputs";
import type { ContextFactory, DriverContext } from "../context";
import type { WorkshopSpend } from "../costs/budget-spend";
import { DEFAULT_CACHE_TTL_MS } from "../costs/cache-settings";
import { loadWorkshopSpend } from "../costs/load-spend";
import { EmailLedger, emailLedgerPath } from "../email/ledger";
import { emailedCell } from "../email/status-cell";
import { meterStatus } from "../meter/format";
import { meterSnapshotPath, readMeterSnapshot } from "../meter/snapshot";
import { label } from "../plan/groups";
import { rosterStudents } from "../plan/workshop-plan";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { registrationCounts, registrationLine, registrationTable } from "../registration/table";
import { loadStackRoster } from "../roster/stack-roster";
import { renderTable } from "../ui/table";
import { guardrailProofLine, guardrailProofPath, readGuardrailProof } from "../workshop-model/guardrail-proof-record";
import { type GlobalArgs,runWith } from "./command";

export type StatusArgs = GlobalArgs;

function usd(amount: number): string {
    return `$${amount.toFixed(2)}`;
}

/** The students' spend from AWS Budgets (free, cached); status still lists everyone when it cannot be read. */
async function spendOrWarn(ctx: DriverContext, outputs: WorkshopOutputs): Promise<WorkshopSpend | undefined> {
    if (Object.keys(outputs.students).length === 0) return undefined;
    try {
        return await loadWorkshopSpend(ctx, outputs, DEFAULT_CACHE_TTL_MS);
    } catch (error) {
        ctx.warn(`Spend could not be read from AWS Budgets, so it shows "?": ${(error as Error).message}`);
        return undefined;
    }
}

/** Pending, confirmed and pulled self-registrations, when the page is deployed. */
async function logRegistrations(ctx: DriverContext, outputs: WorkshopOutputs): Promise<void> {
    const table = registrationTable(ctx, outputs);
    if (!table || !outputs.registration) return;
    try {
        ctx.log(registrationLine(outputs.registration.url, await registrationCounts(table, ctx.now())));
    } catch (error) {
        ctx.warn(`The self-registrations could not be read from ${outputs.registration.tableName}: ${(error as Error).message}`);
    }
}

/** Where a student stands between the roster (what should be) and the stack (what is). */
type StudentState = "ready" | "not deployed" | "removed from roster";

/** The stack's students as a table: who, which account, deployed or pending, spend against budget, welcome email sent. */
export async function runStatus(ctx: DriverContext): Promise<number> {
    const outputs = workshopOutputs(await ctx.engine.outputs());
    let roster: Set<string> | undefined;
    const pending = new Map<string, { email: string; name: string }>();
    try {
        const { students } = await loadStackRoster(ctx);
        roster = new Set(students.map((s) => s.key));
        for (const s of rosterStudents(students)) if (!outputs.students[s.key]) pending.set(s.key, { email: s.email!, name: s.name! });
    } catch (error) {
        ctx.warn(`The roster could not be read, so only deployed students are shown: ${(error as Error).message}`);
    }
    // A damaged ledger stops here: a table saying nobody was emailed would be wrong.
    const ledger = EmailLedger.load(emailLedgerPath(ctx.dataDir));
    const spend = await spendOrWarn(ctx, outputs);
    const spent = (budgetName: string) => {
        if (!spend) return "?";
        const budget = spend.byBudget[budgetName];
        return budget ? usd(budget.actualUsd) : "no budget";
    };
    const meter = meterStatus(readMeterSnapshot(meterSnapshotPath(ctx.dataDir)), ctx.now());

    ctx.log(outputs.workshopName ? `Workshop ${outputs.workshopName}, ${ctx.engine.description}` : ctx.engine.description);
    if (outputs.accessPortalUrl) ctx.log(`Access portal: ${outputs.accessPortalUrl}`);
    await logRegistrations(ctx, outputs);
    const stateOf = (key: string): StudentState => (!roster || roster.has(key) ? "ready" : "removed from roster");
    const rows = [
        ...Object.entries(outputs.students).map(([key, s]) =>
            [s.name, s.email, s.accountId, stateOf(key), spent(s.budgetName), ...meter.cells(s.accountId), usd(s.budgetLimitUsd),
                emailedCell(ledger.get(s.email, s.accountId))]),
        ...[...pending.entries()].map(([key, s]) => [s.name, label({ key, email: s.email }), "-", "not deployed" as StudentState, "-", "-", "-", "-", "-"]),
    ].sort((a, b) => a[1].localeCompare(b[1]));
    if (rows.length === 0) {
        ctx.log("No students yet: add them to the roster and run `up`.");
        return 0;
    }
    renderTable(["student", "email", "account", "state", "spend", "now (est.)", "since start (est.)", "budget", "emailed"], rows,
        { align: ["left", "left", "left", "left", "right", "right", "right", "right", "left"] }).forEach((line) => ctx.log(line));
    const master = spend?.byBudget[outputs.masterBudgetName];
    if (master) ctx.log(`Workshop spend: ${usd(master.actualUsd)} of the ${usd(outputs.masterBudgetUsd)} master budget.`);
    if (spend?.fetchedAt) {
        ctx.log(`Spend is month to date from AWS Budgets, asked at ${spend.fetchedAt}; Budgets recalculates it up to three times a day.`);
    }
    ctx.log(meter.line);
    ctx.log(guardrailProofLine(readGuardrailProof(guardrailProofPath(ctx.dataDir))));
    const notDeployed = rows.filter((r) => r[3] !== "ready").length;
    if (notDeployed > 0) ctx.log(`${notDeployed} student(s) differ from the roster: run \`up\` to apply the roster.`);
    return 0;
}

export function statusCommand(getContext: ContextFactory): CommandModule<object, StatusArgs> {
    return {
        builder: (yargs: Argv) => yargs as Argv<StatusArgs>,
        handler: runWith(getContext, runStatus),
    };
}
