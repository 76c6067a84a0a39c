import type { DriverContext } from "../context";
import { blocksUp, diagnoseOrganization, type OrgStatus, type OrgVerdict } from "./org-checks";
import { gatherOrg, orgSetup } from "./org-gather";

/**
 * `doctor --org`, and the first step of `up` and `preview`: is this organization ready for this
 * workshop? One line per check, and under each problem its fix and the AWS page it rests on.
 */

const MARK: Record<OrgStatus, string> = { ok: "ok", warn: "warn", fail: "FAIL", unknown: "UNKNOWN" };

export function orgReportLines(verdicts: OrgVerdict[], options: { onlyProblems?: boolean } = {}): string[] {
    const shown = options.onlyProblems ? verdicts.filter((v) => v.status !== "ok") : verdicts;
    const markWidth = Math.max(...Object.values(MARK).map((m) => m.length));
    const checkWidth = Math.max(0, ...shown.map((v) => v.check.length));
    const indent = " ".repeat(2 + markWidth + 2 + checkWidth + 2);
    const lines: string[] = [];
    for (const v of shown) {
        lines.push(`  ${MARK[v.status].padEnd(markWidth)}  ${v.check.padEnd(checkWidth)}  ${v.detail}`);
        if (v.status !== "ok") {
            if (v.fix) lines.push(`${indent}fix: ${v.fix}`);
            lines.push(`${indent}see: ${v.doc}`);
        }
    }
    return lines;
}

export function orgSummary(verdicts: OrgVerdict[]): string {
    const count = (status: OrgStatus) => verdicts.filter((v) => v.status === status).length;
    const parts = [
        `${count("ok")} ok`, count("warn") ? `${count("warn")} warning(s)` : "", count("fail") ? `${count("fail")} FAIL` : "",
        count("unknown") ? `${count("unknown")} could not be checked` : "",
    ].filter(Boolean);
    return `Organization: ${parts.join(", ")}.`;
}

export interface Readiness {
    verdicts: OrgVerdict[];
    /** A FAIL: `up` stops before any change. */
    blocking: boolean;
}

/** Every organization check, printed in full: `doctor --org`. */
export async function doctorOrganization(ctx: DriverContext): Promise<Readiness> {
    const setup = await orgSetup(ctx);
    ctx.log(`Is the organization ready for workshop ${setup.settings.workshopName} (stack ${ctx.stack})? Read-only; ` +
        "one Cost Explorer request ($0.01), everything else free.");
    const verdicts = diagnoseOrganization(await gatherOrg(ctx, setup, { full: true }), setup.settings, ctx.now());
    orgReportLines(verdicts).forEach((line) => ctx.log(line));
    ctx.log(orgSummary(verdicts));
    return { verdicts, blocking: blocksUp(verdicts) };
}

/**
 * The first step of `up` and `preview`: the same checks without the paid and slow ones, printed
 * only where something is wrong. `up` stops on a FAIL; `preview` only shows it.
 */
export async function organizationReadiness(ctx: DriverContext, command: "up" | "preview", out: Pick<DriverContext, "log" | "warn"> = ctx): Promise<Readiness> {
    const setup = await orgSetup(ctx);
    const verdicts = diagnoseOrganization(await gatherOrg(ctx, setup, { full: false }), setup.settings, ctx.now());
    const blocking = blocksUp(verdicts);
    const problems = orgReportLines(verdicts, { onlyProblems: true });
    if (problems.length === 0) {
        out.log(`${orgSummary(verdicts)} (\`npm run doctor -- --org\` shows every check)`);
    } else {
        [orgSummary(verdicts), ...problems].forEach((line) => out.warn(line));
        if (blocking && command === "up") out.warn("Nothing was changed: fix each FAIL above, then run `up` again (`npm run doctor -- --org` checks without changing anything).");
    }
    return { verdicts, blocking };
}
