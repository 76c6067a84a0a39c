import type { HourlyPrice } from "../catalogue/catalogue";
import type { BillableResource, InventoryGap } from "../inventory/billable";
import { renderTable } from "../ui/table";
import type { AccountFreezeResult } from "./execute";
import { type AccountFreezePlan,totalPerHour } from "./plan";

/** The readable part of an ARN id (a load balancer's "app/web/50dc6c495c0c9188", a task's "lab/0a1b..."); other ids as they are. */
function shortId(resource: BillableResource): string {
    if (resource.kind === "load-balancer") return resource.id.replace(/^arn:[^/]*:loadbalancer\//, "");
    if (resource.kind === "ecs-task" || resource.kind === "global-accelerator") return resource.id.replace(/^arn:[^/]*\//, "");
    return resource.id;
}

/** How much of it runs, where the kind has a count or capacity worth showing. */
function scaleOf(resource: BillableResource): string | undefined {
    switch (resource.kind) {
        case "auto-scaling-group": return `desired ${resource.count ?? 0}, min ${resource.minSize ?? 0}`;
        case "eks-nodegroup": return `desired ${resource.count ?? 0}, min ${resource.minSize ?? 0}`;
        case "ecs-service": return `${resource.count ?? 0} running of ${resource.desired ?? 0}, ${resource.launchType ?? "?"}`;
        case "ecs-task": return resource.launchType;
        case "dynamodb-table": return resource.capacityMode === "on-demand" ? "on-demand" : `${resource.readUnits ?? 0} RCU, ${resource.writeUnits ?? 0} WCU`;
        case "lambda-provisioned-concurrency": return `${resource.count ?? 0} concurrent executions`;
        case "kinesis-stream": return resource.capacityMode === "on-demand" ? "on-demand" : `${resource.count ?? 0} shards`;
        case "vpc-endpoint": return resource.count ? `${resource.count} zone(s)` : undefined;
        default: return undefined;
    }
}

export function describeResource(resource: BillableResource): string {
    const details = [
        resource.size && resource.count !== undefined && resource.kind === "sagemaker-endpoint" ? `${resource.size} x${resource.count}` : resource.size,
        resource.variants?.map((v) => `${v.size ?? "serverless"} x${v.count}`).join(" + "),
        resource.kind.startsWith("rds-") ? resource.engine : undefined,
        resource.kind === "ebs-volume" && resource.sizeGiB !== undefined ? `${resource.sizeGiB} GiB` : undefined,
        resource.kind === "ebs-volume" && resource.iops !== undefined ? `${resource.iops} IOPS` : undefined,
        scaleOf(resource),
        resource.kind === "auto-scaling-group" || resource.kind === "eks-nodegroup" ? undefined : resource.state,
        resource.parent && resource.kind !== "global-accelerator" ? `in ${resource.parent}` : undefined,
        resource.multiAz ? "Multi-AZ" : undefined,
        resource.lifecycle === "spot" ? "spot" : undefined,
        resource.partOf ? `in ${resource.partOf.kind} ${resource.partOf.id}` : undefined,
    ].filter((d): d is string => !!d);
    return `${resource.kind} ${shortId(resource)} (${details.join(", ")})`;
}

export function formatPrice(price: HourlyPrice): string {
    return "unknown" in price ? `unknown (${price.unknown})` : `~$${price.usdPerHour.toFixed(4)}/h`;
}

/** "about $0.0250/hour", or why the price is not known. */
export function aboutPerHour(price: HourlyPrice): string {
    return "unknown" in price ? `price unknown (${price.unknown})` : `about $${price.usdPerHour.toFixed(4)}/hour`;
}

function gapLine(gap: InventoryGap): string {
    const where = [gap.region, gap.service].filter(Boolean).join(" ");
    return `not checked${where ? `: ${where}` : ""}: ${gap.reason}`;
}

/**
 * One account's plan: what is stopped (and what that saves per hour), what was already at rest,
 * what is still billing (and about how much), and what could not be read. `extra` lines (the SCP) come first.
 */
export function planLines(title: string, plan: AccountFreezePlan, extra: string[] = []): string[] {
    const todo = plan.actions.filter((a) => !a.already);
    const lines = [title, ...extra.map((l) => `  ${l}`)];
    if (todo.length > 0) {
        const rows = todo.map((a) => [a.resource.region, a.verb,
            describeResource(a.resource) + (a.with ? ` with ${a.with.map((m) => m.id).join(", ")}` : ""), formatPrice(a.saves), a.api]);
        lines.push(...renderTable(["region", "action", "resource", "saves", "call"], rows).map((l) => `  ${l}`));
    } else {
        lines.push("  nothing running to stop");
    }
    for (const a of plan.actions.filter((x) => x.already)) lines.push(`  already at rest: ${a.resource.region} ${describeResource(a.resource)}`);
    for (const k of plan.kept) lines.push(`  still billing: ${k.resource.region} ${describeResource(k.resource)}, ${aboutPerHour(k.price)}: ${k.why}`);
    for (const gap of plan.gaps) lines.push(`  ${gapLine(gap)}`);
    const total = totalPerHour(todo.map((a) => a.saves));
    if (todo.length > 0) {
        lines.push(`  stopping saves ~$${total.usdPerHour.toFixed(4)}/h` + (total.unknown ? `, plus ${total.unknown} of unknown price` : ""));
    }
    return lines;
}

/** One account's outcome, one line per action. */
export function resultLines(title: string, result: AccountFreezeResult, extra: string[] = []): string[] {
    const count = (outcome: string) => result.results.filter((r) => r.outcome === outcome).length;
    const lines = [`${title}: ${count("done")} done, ${count("already")} already at rest, ${count("failed")} failed`, ...extra.map((l) => `  ${l}`)];
    for (const r of result.results) {
        const what = `${r.action.resource.region} ${r.action.verb} ${describeResource(r.action.resource)}`;
        if (r.outcome === "done") lines.push(`  ok       ${what}`);
        else if (r.outcome === "already") lines.push(`  already  ${what}${r.detail ? `: ${r.detail}` : ""}`);
        else lines.push(`  FAILED   ${what}: ${r.detail ?? "no reason given"}`);
    }
    return lines;
}
