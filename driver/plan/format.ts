import type { ResourceOp } from "../pulumi/engine";
import { markdownCell } from "../ui/markdown";
import { type EmailDisplay, showEmail } from "../ui/personal-data";
import { renderTable } from "../ui/table";
import { shortType } from "../ui/text";
import { countOps, label, type OpCounts, type StudentAction, type StudentPlan, type WorkshopPlan } from "./groups";

/**
 * Pure renderers of a grouped plan: the terminal summary `up` and `preview` print, the JSON
 * for scripts, and the Markdown a pull-request comment shows.
 */

export interface PlanMeta {
    stack: string;
}

const OP_ORDER: ResourceOp[] = ["create", "update", "replace", "delete"];
const VERB: Record<string, string> = { create: "to create", update: "to update", replace: "to replace", delete: "to delete" };
const SYMBOL: Record<StudentAction, string> = {
    "new account": "+", "account closes": "-", "account replaced": "!", "changes": "~", "no change": " ",
};

/** "3 to create, 1 to delete", or "no changes". */
export function describeCounts(counts: OpCounts): string {
    const parts = OP_ORDER.filter((op) => counts[op]).map((op) => `${counts[op]} ${VERB[op]}`);
    return parts.length > 0 ? parts.join(", ") : "no changes";
}

export function hasChanges(plan: WorkshopPlan): boolean {
    return OP_ORDER.some((op) => plan.totals[op]);
}

/** Students whose account a change of workshopName, rootEmailBase or naming would close and create anew. */
export function replacedAccounts(plan: WorkshopPlan): StudentPlan[] {
    return plan.students.filter((s) => s.action === "account replaced");
}

/** Students whose account the plan closes: removed from the roster, or replaced (the old one closes). */
export function accountsToClose(plan: WorkshopPlan): number {
    return plan.students.filter((s) => s.action === "account closes" || s.action === "account replaced").length;
}

/** The line no instructor may miss: accounts are never replaced silently. */
export function replacementWarning(plan: WorkshopPlan): string | undefined {
    const replaced = replacedAccounts(plan).length;
    if (replaced === 0) return undefined;
    return `${replaced} account(s) would be CLOSED and RECREATED (their root email changes: workshopName, rootEmailBase ` +
        "or the naming changed); everything in them is lost and each closure counts against the CloseAccount quota.";
}

/** What the terminal shows before asking: one line per changing student, then the workshop-wide changes. */
export function planSummaryLines(plan: WorkshopPlan): string[] {
    const changing = plan.students.filter((s) => s.action !== "no change");
    const unchanged = plan.students.length - changing.length;
    const lines: string[] = [];
    if (changing.length > 0) {
        lines.push(`Students (${changing.length} with changes):`);
        const rows = changing.map((s) => [`${SYMBOL[s.action]} ${label(s)}`, s.action, describeCounts(s.counts)]);
        lines.push(...renderTable(["  student", "action", "resources"], rows).map((line) => `  ${line}`));
    }
    if (unchanged > 0) lines.push(`  ${unchanged} student(s) unchanged`);
    if (plan.workshop.length > 0) {
        lines.push(`Workshop-wide: ${describeCounts(countOps(plan.workshop))}`);
        for (const op of OP_ORDER) {
            const ofOp = plan.workshop.filter((c) => c.op === op);
            if (ofOp.length > 0) lines.push(`  ${op}: ${summarizeResources(ofOp)}`);
        }
    }
    lines.push(hasChanges(plan)
        ? `Total: ${describeCounts(plan.totals)}${plan.totals.same ? `, ${plan.totals.same} unchanged` : ""}.`
        : "No changes: the accounts already match the roster and config.");
    const replacement = replacementWarning(plan);
    if (replacement) lines.push(`! ${replacement}`);
    return lines;
}

/** "OrganizationalUnit workshop, 4 Policy, Topic billing-alarm": one line however many there are. */
export function summarizeResources(changes: readonly { type: string; name: string }[]): string {
    const byType = new Map<string, string[]>();
    for (const c of changes) byType.set(shortType(c.type), [...(byType.get(shortType(c.type)) ?? []), c.name]);
    return [...byType].map(([type, names]) => (names.length === 1 ? `${type} ${names[0]}` : `${names.length} ${type}`)).join(", ");
}

/** The plan for scripts and CI: stable keys, changes only (unchanged resources are counted). */
export function planJson(plan: WorkshopPlan, meta: PlanMeta): string {
    const student = (s: StudentPlan) => ({
        key: s.key,
        ...(s.email ? { email: s.email } : {}),
        ...(s.name ? { name: s.name } : {}),
        action: s.action,
        counts: s.counts,
        changes: s.changes.map(({ op, type, name, urn }) => ({ op, type, name, urn })),
    });
    return JSON.stringify({
        stack: meta.stack,
        hasChanges: hasChanges(plan),
        accountsReplaced: replacedAccounts(plan).length,
        totals: plan.totals,
        students: plan.students.map(student),
        workshop: plan.workshop.map(({ op, type, name, urn }) => ({ op, type, name, urn })),
    }, null, 2);
}

/** What the Markdown plan says before its table; `preview` gathers it. */
export interface MarkdownPlanMeta extends PlanMeta {
    /** Student emails as written, or masked (the default: a pull-request comment is read by many). */
    emails?: EmailDisplay;
    /** The CloseAccount quota's numbers when the plan closes accounts (driver/aws/close-quota.ts). */
    closeQuota?: { message: string; mayRefuse: boolean };
    /** The workshop's own running cost (driver/costs/own-cost.ts). */
    ownCost?: string;
}

/**
 * A pull-request comment: what no reviewer may miss first (accounts replaced or closed for good,
 * the CloseAccount quota, the workshop's own cost), then a row per student, then the workshop-wide
 * changes folded away. Names are shown, emails masked unless `emails: "full"`.
 */
export function planMarkdown(plan: WorkshopPlan, meta: MarkdownPlanMeta): string {
    // Pulumi stack names are letters, digits, `-`, `_` and `.`: nothing to escape inside a code span.
    const lines = [`### Workshop plan for stack \`${meta.stack}\``, ""];
    if (!hasChanges(plan)) {
        lines.push("No changes: the accounts already match the roster and config.");
        if (meta.ownCost) lines.push("", markdownCell(meta.ownCost));
        return lines.join("\n") + "\n";
    }
    lines.push(`**${describeCounts(plan.totals)}**`, "");
    const replacement = replacementWarning(plan);
    if (replacement) lines.push(`> **Warning:** ${markdownCell(replacement)}`, "");
    const closing = plan.students.filter((s) => s.action === "account closes").length;
    if (closing > 0) {
        lines.push(`> **Warning:** ${closing} account(s) close for good (removed from the roster): everything in them is lost, ` +
            "they stay SUSPENDED for 90 days and their root emails can never be used again.", "");
    }
    if (meta.closeQuota) lines.push(`> ${meta.closeQuota.mayRefuse ? "**CloseAccount quota:** " : "CloseAccount quota: "}${markdownCell(meta.closeQuota.message)}`, "");
    if (meta.ownCost) lines.push(markdownCell(meta.ownCost), "");
    if (plan.students.length > 0) {
        const display = meta.emails ?? "masked";
        lines.push("| Student | Email | Action | Create | Update | Replace | Delete |", "|---|---|---|--:|--:|--:|--:|");
        for (const s of plan.students) {
            const counts = OP_ORDER.map((op) => String(s.counts[op] ?? 0));
            const action = s.action === "account replaced" || s.action === "account closes" ? `**${s.action}**` : s.action;
            lines.push(`| ${markdownCell(s.name ?? s.key)} | ${markdownCell(s.email ? showEmail(s.email, display) : "")} | ${action} | ${counts.join(" | ")} |`);
        }
        lines.push("");
    }
    if (plan.workshop.length > 0) {
        lines.push("<details><summary>Workshop-wide changes</summary>", "", "| Operation | Type | Name |", "|---|---|---|");
        lines.push(...plan.workshop.map((c) => `| ${c.op} | \`${c.type}\` | ${markdownCell(c.name)} |`));
        lines.push("", "</details>");
    }
    return lines.join("\n") + "\n";
}
