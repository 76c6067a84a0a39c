import type { Argv, CommandModule } from "yargs";

import type { WorkshopOutputs } from "../../infra/outputs";
import type { ContextFactory, DriverContext } from "../context";
import { type BeforeDestroyHook,runHook } from "../hooks";
import { announceCloseQuota } from "../plan/close-quota-notice";
import { closeExitCode, closeOutcome, closeSummary, WAITING_EXIT_CODE } from "../plan/close-summary";
import { UpdateProgress } from "../plan/progress";
import { updateReport } from "../plan/update-report";
import { deployedStudents } from "../plan/workshop-plan";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { rosterSettings } from "../pulumi/stack-settings";
import { changedMessage, changedSinceApproval, discardApprovalSnapshot, takeApprovalSnapshot } from "../roster/approval-snapshot";
import { withRosterHeld } from "../roster/file";
import { type GlobalArgs,runWith } from "./command";

export interface DestroyArgs extends GlobalArgs {
    report?: boolean;
    stopResources?: boolean;
}

export interface DestroyOptions {
    /** Writes the post-workshop report while costs can still be attributed to the accounts. */
    beforeDestroy?: BeforeDestroyHook;
    /** Stops what still bills in the student accounts (driver/freeze/), before they close. */
    stopResources?: BeforeDestroyHook;
    /** Deletes guardrail probe roles an interrupted `doctor --guardrails` left in the student accounts. */
    removeProbeRoles?: BeforeDestroyHook;
}

const SUSPENDED_NOTE = "Closed accounts are moved to the Suspended OU and stay there SUSPENDED for 90 days (they still " +
    "count against the organization's account quota); their root emails can never be used for another account.";

/** Typing the workshop's name is the confirmation: a destroy cannot be undone. */
async function confirmByName(ctx: DriverContext, workshopName: string, yes: boolean | undefined): Promise<boolean> {
    if (yes) return true;
    if (ctx.interactive === false) {
        ctx.warn("There is no terminal to confirm on, so nothing was destroyed. Run again with --yes to destroy without asking.");
        return false;
    }
    const typed = await ctx.prompt(`Type the workshop name (${workshopName}) to destroy it: `);
    if (typed?.trim() === workshopName) return true;
    ctx.warn(`That is not "${workshopName}": nothing was destroyed.`);
    return false;
}

async function reportFirst(ctx: DriverContext, outputs: WorkshopOutputs, argv: DestroyArgs, hook: BeforeDestroyHook | undefined): Promise<boolean> {
    if (!hook || argv.report === false) return true;
    const wanted = argv.yes ||
        await ctx.confirm("Write the post-workshop report first (costs per student; after closing they are harder to attribute)?");
    if (!wanted) return true;
    const failed = await runHook(ctx, "Writing the report", () => hook(ctx, outputs));
    if (failed === 0) return true;
    ctx.warn("Nothing was destroyed, so the report can still be written. Fix the problem, or run destroy with --no-report.");
    return false;
}

/**
 * Closing an account stops nothing that runs in it: it stays for 90 days and what bills by the
 * hour can go on billing, so destroy offers the freeze's stop first (--yes: always).
 */
async function stopFirst(ctx: DriverContext, outputs: WorkshopOutputs, argv: DestroyArgs, hook: BeforeDestroyHook | undefined): Promise<boolean> {
    const accounts = deployedStudents(outputs).length;
    if (!hook || argv.stopResources === false || accounts === 0) return true;
    const wanted = argv.stopResources || argv.yes || await ctx.confirm(`Stop what still bills in the ${accounts} student account(s) first ` +
        "(EC2, Auto Scaling, RDS, SageMaker, NAT gateways)? Closed accounts keep their resources for 90 days.");
    if (!wanted) return true;
    const failed = await runHook(ctx, "Stopping the student accounts' resources", () => hook(ctx, outputs));
    if (failed === 0) return true;
    ctx.warn("Nothing was destroyed. Fix what is above and run destroy again, or run it with --no-stop-resources to close the accounts anyway.");
    return false;
}

/**
 * Closes every student account and removes the workshop's shared resources: those the instructor
 * confirmed. The roster stays locked throughout (no `up` or roster edit runs meanwhile); the state and
 * the stack config are compared with what they were when the count was shown, and Pulumi is handed
 * that config. The roster itself is no input of a destroy (Pulumi destroys what the state lists).
 */
export async function runDestroy(ctx: DriverContext, argv: DestroyArgs, options: DestroyOptions): Promise<number> {
    // The lock roster edits and `up` take; destroy needs no engine for it.
    return withRosterHeld(rosterSettings(ctx.projectDir, ctx.stack).file, async () => {
        const snapshot = await takeApprovalSnapshot(ctx, { state: true });
        try {
            return await confirmAndDestroy(ctx, argv, options, async () => {
                const changed = await changedSinceApproval(ctx, snapshot);
                if (changed) ctx.warn(changedMessage(changed, snapshot, "destroy", "confirmation"));
                return changed ? false : snapshot.inputs.configFile;
            });
        } finally {
            discardApprovalSnapshot(snapshot);
        }
    }, { onWait: ctx.log });
}

/** `approved` answers false when what was confirmed changed, else the config file to destroy with. */
async function confirmAndDestroy(ctx: DriverContext, argv: DestroyArgs, options: DestroyOptions,
    approved: () => Promise<string | false | undefined>): Promise<number> {
    const raw = await ctx.engine.outputs();
    const outputs = workshopOutputs(raw);
    const students = deployedStudents(outputs);
    const workshopName = outputs.workshopName || (await ctx.engine.getConfig("workshopName")) || ctx.stack;
    if (Object.keys(raw).length === 0) ctx.log("The stack has no outputs (never deployed, or already destroyed); removing whatever its state still holds.");
    ctx.log(`Destroying workshop ${workshopName} (${ctx.engine.description}): ${students.length} student account(s) will be closed.`);
    if (students.length > 0) ctx.warn(SUSPENDED_NOTE);

    await announceCloseQuota(ctx, students.length, "destroy");
    if (!await confirmByName(ctx, workshopName, argv.yes)) return 1;
    if (!await reportFirst(ctx, outputs, argv, options.beforeDestroy)) return 1;
    if (!await stopFirst(ctx, outputs, argv, options.stopResources)) return 1;
    const configFile = await approved();
    if (configFile === false) return 1;
    // Never blocking: closing the account takes its roles with it; this only tidies an account that stays.
    if (options.removeProbeRoles && students.length > 0) await runHook(ctx, "Removing leftover guardrail probe roles", () => options.removeProbeRoles!(ctx, outputs));

    const progress = new UpdateProgress(ctx, students);
    // Refreshed first: accounts that finished closing since a previous run leave the state instead of failing to close twice.
    const result = await ctx.engine.destroy(progress.onEvent, { refresh: true, ...(configFile ? { configFile } : {}) })
        .finally(() => progress.finish());
    const remaining = new Set(Object.keys(workshopOutputs(result.outputs).students));
    const report = updateReport(result, students, "destroy", remaining);
    report.log.forEach((line) => ctx.log(line));
    report.warn.forEach((line) => ctx.warn(line));
    const outcome = closeOutcome(result, students);
    closeSummary(outcome, "destroy", ctx.now()).forEach((line) => ctx.log(line));
    const left = remaining.size;
    const exitCode = closeExitCode(result, outcome);
    if (left > 0 && exitCode !== WAITING_EXIT_CODE) ctx.warn(`${left} student account(s) are still in the stack; run destroy again once the problem above is fixed.`);
    if (students.length > left) ctx.log(SUSPENDED_NOTE);
    return exitCode;
}

export function destroyCommand(getContext: ContextFactory, options: DestroyOptions = {}): CommandModule<object, DestroyArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .option("report", { type: "boolean", default: true, describe: "Offer to write the post-workshop report first (--no-report to skip)" })
            .option("stop-resources", { type: "boolean", describe: "Stop what bills in the accounts before closing them (default: ask; --yes: stop)" })
            .example("$0 destroy", "show the quota, type the workshop name, write the report, stop what runs, park and close the accounts")
            .epilog(`Exit code ${WAITING_EXIT_CODE}: some accounts wait for the CloseAccount quota (or were still closing); run destroy again on the date it prints.`) as Argv<DestroyArgs>,
        handler: runWith(getContext, (ctx, argv) => runDestroy(ctx, argv, options)),
    };
}
