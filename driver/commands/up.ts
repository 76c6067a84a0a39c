import * as fs from "fs";
import type { Argv, CommandModule } from "yargs";

import type { ContextFactory, DriverContext } from "../context";
import { ownCostLineForResources } from "../costs/own-cost";
import { type AfterUpdateHook, type NewAccountsHook, type ReadinessHook, runHook } from "../hooks";
import { announceCloseQuota } from "../plan/close-quota-notice";
import { closeExitCode, closeOutcome, closeSummary, WAITING_EXIT_CODE } from "../plan/close-summary";
import { preflightExistingUsers } from "../plan/existing-users";
import { accountsToClose, hasChanges, planSummaryLines, replacementWarning } from "../plan/format";
import { UpdateProgress } from "../plan/progress";
import { type UpRunSummary, upSummaryMarkdown } from "../plan/run-summary";
import { updateReport } from "../plan/update-report";
import { planWorkshop } from "../plan/workshop-plan";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { rosterSettings } from "../pulumi/stack-settings";
import { type ApprovalSnapshot, changedMessage, changedSinceApproval, discardApprovalSnapshot, takeApprovalSnapshot } from "../roster/approval-snapshot";
import { withRosterHeld } from "../roster/file";
import { stackRosterSettings } from "../roster/stack-roster";
import { approve } from "../ui/approval";
import { type GlobalArgs,runWith } from "./command";

export interface UpArgs extends GlobalArgs {
    /** Consent to close and recreate accounts whose root email changes. */
    allowReplace?: boolean;
    /** False with --no-guardrail-proof: no DryRun proof of the guardrails after the first new account. */
    guardrailProof?: boolean;
    /** A file the outcome is appended to in Markdown (a GitHub job summary). */
    summary?: string;
    /** Not an option: the caller (`remove-student --apply`) already holds the roster lock. */
    rosterHeld?: boolean;
}

/** Appends the run's outcome to argv.summary, when asked, and returns its exit code. */
function summarized(ctx: DriverContext, argv: UpArgs, summary: Omit<UpRunSummary, "stack" | "now">): number {
    if (argv.summary) fs.appendFileSync(argv.summary, `${upSummaryMarkdown({ ...summary, stack: ctx.stack, now: ctx.now() }, WAITING_EXIT_CODE)}\n`);
    return summary.exitCode;
}

export interface UpOptions {
    /** Runs after an update that left students with an account (the welcome emails). */
    afterUpdate?: AfterUpdateHook;
    /** `doctor --org`'s checks, first: a FAIL stops `up` before any change. */
    checkOrganization?: ReadinessHook;
    /** `doctor --guardrails` on the first account an `up` creates. */
    afterNewAccounts?: NewAccountsHook;
}

/**
 * Roster check, preview, the existing-users preflight, a per-student summary, the replacement
 * guard, the close quota, confirmation, the update with live progress, then per student what
 * worked and what failed. Exit code 1 when anything failed, WAITING_EXIT_CODE when only closures
 * wait for the quota.
 *
 * What was approved is what runs: the roster stays locked from the preview to the end of the
 * update, the engine deploys the previewed bytes of the roster and the stack config, and if either
 * file or the stack's state changed anyway, nothing is changed.
 */
export async function runUp(ctx: DriverContext, argv: UpArgs, options: UpOptions): Promise<number> {
    if (options.checkOrganization && (await options.checkOrganization(ctx, "up")).blocking) {
        return summarized(ctx, argv, { exitCode: 1, stopped: "the organization is not ready (`doctor --org` in the log says what to fix)" });
    }
    const approved = async () => {
        // The roster the program reads (the stack's rosterPath through the engine).
        const { file } = await stackRosterSettings(ctx);
        const taken: ApprovalSnapshot[] = [];
        const snapshot = async () => { taken.push(await takeApprovalSnapshot(ctx, { rosterFile: file, state: true })); return taken[taken.length - 1]; };
        try {
            return await previewApproveAndUpdate(ctx, argv, options, snapshot);
        } finally {
            taken.forEach(discardApprovalSnapshot);
        }
    };
    // The lock roster edits take (their roster is read from Pulumi.<stack>.yaml without starting Pulumi).
    return argv.rosterHeld ? approved() : withRosterHeld(rosterSettings(ctx.projectDir, ctx.stack).file, approved, { onWait: ctx.log });
}

async function previewApproveAndUpdate(ctx: DriverContext, argv: UpArgs, options: UpOptions, takeSnapshot: () => Promise<ApprovalSnapshot>): Promise<number> {
    let snapshot = await takeSnapshot();
    let { plan, students, changes } = await planWorkshop(ctx, false, snapshot);
    const existing = await preflightExistingUsers(ctx, plan, students);
    if (existing === "refused") return summarized(ctx, argv, { exitCode: 1, stopped: "students already have an Identity Center user (see the log)" });
    if (existing === "adopted") {
        // Adopting wrote adoptedUsers into the stack config: that config is the one to approve.
        snapshot = await takeSnapshot();
        ({ plan, students, changes } = await planWorkshop(ctx, true, snapshot));
    }
    [...planSummaryLines(plan), ownCostLineForResources(changes, ctx.now())].forEach((line) => ctx.log(line));
    if (!hasChanges(plan)) return summarized(ctx, argv, { exitCode: 0, stopped: "the accounts already match the roster and config" });
    const replacement = replacementWarning(plan);
    if (replacement && !argv.allowReplace) {
        ctx.warn("Nothing was changed. If these accounts are really to be closed and created anew, run `up --allow-replace`; " +
            "otherwise restore the setting that changed their root emails.");
        return summarized(ctx, argv, { exitCode: 1, stopped: `${replacement} Run \`up --allow-replace\` if that is meant.` });
    }
    const closing = accountsToClose(plan);
    await announceCloseQuota(ctx, closing, "up");
    if (!await approve(ctx, { yes: argv.yes, question: "Apply these changes?", proceedInCi: true, declined: "nothing was changed" })) {
        return summarized(ctx, argv, { exitCode: 1, stopped: "the changes were not approved" });
    }
    const changed = await changedSinceApproval(ctx, snapshot);
    if (changed) {
        ctx.warn(changedMessage(changed, snapshot, "up", "preview"));
        return summarized(ctx, argv, { exitCode: 1, stopped: "the roster, the stack config or the state changed after the preview was approved" });
    }

    ctx.log(`Updating ${ctx.engine.description}...`);
    const progress = new UpdateProgress(ctx, students, plan);
    const result = await ctx.engine.up(progress.onEvent, snapshot.inputs).finally(() => progress.finish());
    const report = updateReport(result, students, "update");
    report.log.forEach((line) => ctx.log(line));
    report.warn.forEach((line) => ctx.warn(line));
    const outcome = closeOutcome(result, plan.students.filter((s) => s.action === "account closes" || s.action === "account replaced"));
    if (closing > 0) closeSummary(outcome, "up", ctx.now()).forEach((line) => ctx.log(line));

    const exitCode = closeExitCode(result, outcome);
    const outputs = workshopOutputs(result.outputs);
    const withAccount = Object.keys(outputs.students).length;
    if (withAccount > 0) ctx.log(`${withAccount} student(s) have an account; \`status\` lists them.`);
    const created = plan.students.filter((s) => s.action === "new account" && outputs.students[s.key]).map((s) => s.key);
    if (options.afterNewAccounts && argv.guardrailProof !== false && created.length > 0) await runHook(ctx, "Proving the guardrails", () => options.afterNewAccounts!(ctx, outputs, created));
    if (options.afterUpdate && withAccount > 0) {
        const hook = options.afterUpdate;
        const emailFailures = await runHook(ctx, "Sending the welcome emails", () => hook(ctx, outputs));
        if (emailFailures > 0) {
            ctx.warn(`${emailFailures} welcome email(s) did not go out; the accounts are fine. Run \`email\` to retry them.`);
            return summarized(ctx, argv, { exitCode: 1, result, outcome, problems: [...report.warn, `${emailFailures} welcome email(s) did not go out; run \`email\` to retry them`] });
        }
    }
    return summarized(ctx, argv, { exitCode, result, outcome, problems: report.warn });
}

export function upCommand(getContext: ContextFactory, options: UpOptions = {}): CommandModule<object, UpArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .option("allow-replace", { type: "boolean", describe: "Close and recreate accounts whose root email changes (refused otherwise)" })
            .option("guardrail-proof", { type: "boolean", default: true, describe: "Prove the guardrails with DryRun requests on the first new account, once per workshop ($0; --no-guardrail-proof to skip)" })
            .option("summary", { type: "string", describe: "Append the outcome in Markdown to this file, emails masked (e.g. $GITHUB_STEP_SUMMARY)" })
            .example("$0 up", "preview, confirm, then apply")
            .example("$0 up --yes --stack nov", "apply without asking (scripts)") as Argv<UpArgs>,
        handler: runWith(getContext, (ctx, argv) => runUp(ctx, argv, options)),
    };
}
