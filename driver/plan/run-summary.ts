import { closeRetryDate, isoDate } from "../aws/close-quota";
import type { UpdateResult } from "../pulumi/engine";
import { markdownCell } from "../ui/markdown";
import { maskPersonalIn } from "../ui/personal-data";
import type { CloseOutcome } from "./close-summary";
import { ACCOUNT_TYPE } from "./groups";

/**
 * What `up` did, in Markdown for a GitHub job summary: a reader sees accounts created and closed,
 * what waits for the CloseAccount quota and until when, and each failure with what to do. A job
 * summary of a public repository is public: addresses are masked and the lines come without the
 * student names of the terminal report.
 */
export interface UpRunSummary {
    stack: string;
    exitCode: number;
    /** Set when `up` stopped before changing anything, and why. */
    stopped?: string;
    result?: UpdateResult;
    outcome?: CloseOutcome;
    /** The failures and advice `up` printed. */
    problems?: string[];
    now: Date;
}

function accountsDone(result: UpdateResult, op: "create" | "delete"): number {
    const failed = new Set(result.failures.map((f) => f.urn));
    return result.changes.filter((c) => c.type === ACCOUNT_TYPE && (c.op === op || c.op === "replace") && !failed.has(c.urn)).length;
}

export function upSummaryMarkdown(summary: UpRunSummary, waitingExitCode: number): string {
    const lines = [`### \`up\` for stack \`${summary.stack}\``, ""];
    const waiting = summary.outcome ? summary.outcome.refused.length + summary.outcome.queued.length : 0;
    if (summary.exitCode === 0) lines.push("**Done.**");
    else if (summary.exitCode === waitingExitCode) {
        lines.push(`**Waiting until ${isoDate(closeRetryDate(summary.now))}:** ${waiting} account(s) wait for the CloseAccount quota, ` +
            "parked in the Suspended OU where nothing runs. Re-run this workflow (or `npm run up`) after that date to close them.");
    } else lines.push("**Failed.** What to do is below; the accounts that went through are kept.");
    lines.push("");
    if (summary.stopped) lines.push(`Nothing was changed: ${markdownCell(maskPersonalIn(summary.stopped))}`, "");
    if (summary.result) {
        lines.push("| accounts created | accounts closed | waiting for the quota | failed steps |", "|---:|---:|---:|---:|",
            `| ${accountsDone(summary.result, "create")} | ${summary.outcome?.closed ?? accountsDone(summary.result, "delete")} | ${waiting} | ` +
            `${summary.outcome?.otherFailures ?? summary.result.failures.length} |`, "");
    }
    if (summary.problems && summary.problems.length > 0) {
        lines.push("**Failures and what to do:**", "", ...summary.problems.map((line) => `- ${markdownCell(maskPersonalIn(line.trim().replace(/^- /, "")))}`), "");
    }
    return lines.join("\n");
}
