import type { ResourceOp } from "../pulumi/engine";
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

/** A pull-request comment: a table per student and the workshop-wide changes. */
export function planMarkdown(plan: WorkshopPlan, meta: PlanMeta): string {
    const lines = [`### Workshop plan for stack \`${escapeMarkdown(meta.stack)}\``, ""];
    if (!hasChanges(plan)) {
        lines.push("No changes: the accounts already match the roster and config.");
        return lines.join("\n") + "\n";
    }
    lines.push(`**${describeCounts(plan.totals)}**`, "");
    const replacement = replacementWarning(plan);
    if (replacement) lines.push(`> **Warning:** ${escapeMarkdown(replacement)}`, "");
    if (plan.students.length > 0) {
        lines.push("| Student | Email | Action | Create | Update | Replace | Delete |", "|---|---|---|--:|--:|--:|--:|");
        for (const s of plan.students) {
            const counts = OP_ORDER.map((op) => String(s.counts[op] ?? 0));
            const action = s.action === "account replaced" ? "**account replaced**" : s.action;
            lines.push(`| ${escapeMarkdown(s.name ?? s.key)} | ${escapeMarkdown(s.email ?? "")} | ${action} | ${counts.join(" | ")} |`);
        }
        lines.push("");
    }
    if (plan.workshop.length > 0) {
        lines.push("<details><summary>Workshop-wide changes</summary>", "", "| Operation | Type | Name |", "|---|---|---|");
        lines.push(...plan.workshop.map((c) => `| ${c.op} | \`${c.type}\` | ${escapeMarkdown(c.name)} |`));
        lines.push("", "</details>");
    }
    return lines.join("\n") + "\n";
}

/** Cell text that cannot break the table or inject HTML: student names come from a spreadsheet. */
export function escapeMarkdown(text: string): string {
    return text
        .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
        .replace(/([\\`*_[\]|#])/g, "\\$1")
        .replace(/\s*\n\s*/g, " ");
}
