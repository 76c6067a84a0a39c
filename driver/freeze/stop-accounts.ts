import type { OrganizationsClient } from "@aws-sdk/client-organizations";

import type { StudentOutput, WorkshopOutputs } from "../../infra/outputs";
import type { DriverContext } from "../context";
import { type InventoryOptions,listInventories } from "../inventory/inventory";
import { executeFreeze, type ExecuteOptions } from "./execute";
import { planLines, resultLines } from "./format";
import { type AccountFreezePlan,planFreeze, RDS_RESTART_NOTE } from "./plan";
import { applyScpStep, describeScpStep, type ScpStep } from "./scp";

/**
 * The stop both `freeze` and `destroy` do: list what bills in each student account, show the plan,
 * and (once the caller has its approval) stop it, reporting per account what was done.
 */

export interface StopTarget {
    student: StudentOutput;
    /** Only `freeze` attaches the SCP; `destroy` closes the accounts instead. */
    scp?: ScpStep;
}

export interface StopOptions {
    inventory?: InventoryOptions;
    execute?: ExecuteOptions;
}

export interface StopPlan {
    targets: StopTarget[];
    plans: AccountFreezePlan[];
    /** Calls to make: resources to stop and SCPs to attach. */
    todo: number;
    /** Parts of accounts that could not be read this time: the plan may miss something there. */
    unread: number;
}

function title(student: StudentOutput): string {
    return `${student.name} <${student.email}> (account ${student.accountId})`;
}

/** Reads every target account in every region, prints the plan per account; changes nothing. */
export async function planStops(ctx: DriverContext, targets: StopTarget[], regions: string[], options: StopOptions = {},
    openedServices?: readonly string[]): Promise<StopPlan> {
    ctx.status?.(`Listing what bills in ${targets.length} account(s) x ${regions.length} region(s)...`);
    const inventories = await listInventories(ctx.aws, targets.map((t) => t.student.accountId), regions,
        { ...(openedServices ? { openedServices } : {}), ...options.inventory })
        .finally(() => ctx.status?.(""));
    const plans = inventories.map((inventory) => planFreeze(inventory));
    targets.forEach((target, i) => {
        const plan = { ...plans[i], gaps: plans[i].gaps.filter((g) => !g.unsupported) };
        planLines(title(target.student), plan, target.scp ? [describeScpStep(target.scp)] : []).forEach((l) => ctx.log(l));
    });
    const unsupported = plans.flatMap((p) => p.gaps).find((g) => g.unsupported);
    if (unsupported) ctx.log(`Not checked in any account: ${unsupported.service} (${unsupported.reason}).`);
    if (plans.some((p) => p.actions.some((a) => !a.already && a.resource.kind.startsWith("rds-")))) ctx.log(RDS_RESTART_NOTE);
    const unread = plans.reduce((n, p) => n + p.gaps.filter((g) => !g.unsupported).length, 0);
    if (unread > 0) ctx.warn(`${unread} part(s) of the accounts could not be read (the "not checked" lines above): what runs there is not known.`);
    const todo = plans.reduce((n, p) => n + p.actions.filter((a) => !a.already).length, 0) +
        targets.filter((t) => t.scp?.kind === "attach").length;
    return { targets, plans, todo, unread };
}

/**
 * Attaches the SCPs first (so nothing new starts while the rest stops), then stops what the plans
 * list, and prints what happened per account. Resolves to the number of failures.
 */
export async function carryOutStops(
    ctx: DriverContext, plan: StopPlan, organizations: OrganizationsClient | undefined, options: StopOptions = {},
): Promise<number> {
    const scpLines: { ok: boolean; line: string }[] = [];
    for (const target of plan.targets) {
        scpLines.push(target.scp && organizations ? await applyScpStep(organizations, target.student.accountId, target.scp) : { ok: true, line: "" });
    }
    const results = await executeFreeze(ctx.aws, plan.plans, options.execute);
    let failed = scpLines.filter((s) => !s.ok).length;
    results.forEach((result, i) => {
        failed += result.results.filter((r) => r.outcome === "failed").length;
        const lines = resultLines(title(plan.targets[i].student), result, scpLines[i].line ? [scpLines[i].line] : []);
        lines.forEach((l) => (l.includes("FAILED") ? ctx.warn(l) : ctx.log(l)));
    });
    if (results.some((r) => r.results.some((x) => x.outcome === "done" && x.action.resource.kind.startsWith("rds-")))) ctx.log(RDS_RESTART_NOTE);
    if (failed > 0) ctx.warn(`${failed} step(s) failed (above). Fix the cause and run the same command again: it skips what is already stopped.`);
    return failed;
}

export function workshopRegions(outputs: WorkshopOutputs): string[] {
    if (outputs.allowedRegions.length === 0) throw new Error("The stack has no allowedRegions output: run `up` first.");
    return outputs.allowedRegions;
}

/**
 * `destroy`'s stop, already approved by typing the workshop's name: every student account, no SCP
 * (the accounts close next). Resolves to the failures plus the parts that could not be read.
 */
export async function stopBeforeClosing(ctx: DriverContext, outputs: WorkshopOutputs, options: StopOptions = {}): Promise<number> {
    const targets = Object.values(outputs.students).map((student) => ({ student }));
    ctx.log(`Stopping what bills in ${targets.length} student account(s) before closing them:`);
    const plan = await planStops(ctx, targets, workshopRegions(outputs), options, outputs.allowedServices);
    const failed = plan.todo > 0 ? await carryOutStops(ctx, plan, undefined, options) : 0;
    return failed + plan.unread;
}
