import type { BillableResource, InventoryGap } from "../inventory/billable";
import type { HourlyPrice } from "../prices/hourly-price";
import { renderTable } from "../ui/table";
import type { AccountFreezeResult } from "./execute";
import { type AccountFreezePlan,totalPerHour } from "./plan";

/** The readable part of a load balancer's ARN ("app/web/50dc6c495c0c9188"); other ids as they are. */
function shortId(resource: BillableResource): string {
    return resource.kind === "load-balancer" ? resource.id.replace(/^arn:[^/]*:loadbalancer\//, "") : resource.id;
}

export function describeResource(resource: BillableResource): string {
    const details = [
        resource.size && resource.count !== undefined && resource.kind === "sagemaker-endpoint" ? `${resource.size} x${resource.count}` : resource.size,
        resource.variants?.map((v) => `${v.size ?? "serverless"} x${v.count}`).join(" + "),
        resource.kind.startsWith("rds-") ? resource.engine : undefined,
        resource.kind === "ebs-volume" && resource.sizeGiB !== undefined ? `${resource.sizeGiB} GiB` : undefined,
        resource.kind === "ebs-volume" && resource.iops !== undefined ? `${resource.iops} IOPS` : undefined,
        resource.kind === "auto-scaling-group" ? `desired ${resource.count ?? 0}, min ${resource.minSize ?? 0}` : resource.state,
        resource.multiAz ? "Multi-AZ" : undefined,
        resource.lifecycle === "spot" ? "spot" : undefined,
        resource.partOf ? `in ${resource.partOf.kind} ${resource.partOf.id}` : undefined,
    ].filter((d): d is string => !!d);
    return `${resource.kind} ${shortId(resource)} (${details.join(", ")})`;
}

export function formatPrice(price: HourlyPrice): string {
    return "unknown" in price ? `unknown (${price.unknown})` : `~$${price.usdPerHour.toFixed(4)}/h`;
}

function gapLine(gap: InventoryGap): string {
    const where = [gap.region, gap.service].filter(Boolean).join(" ");
    return `not checked${where ? `: ${where}` : ""}: ${gap.reason}`;
}

/**
 * One account's plan: what is stopped (and what that saves per hour), what was already at rest,
 * what keeps billing, and what could not be read. `extra` lines (the SCP) come first.
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
    for (const k of plan.kept) lines.push(`  keeps billing: ${k.resource.region} ${describeResource(k.resource)} ${formatPrice(k.price)}: ${k.why}`);
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
