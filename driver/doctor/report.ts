import type { WorkshopOutputs } from "../../infra/outputs";
import { firstSignInSteps } from "../email/render";
import { welcomeInput } from "../email/welcome-input";
import { renderTable } from "../ui/table";
import { firstFinding, type Verdict, type VerdictStatus } from "./checks";
import type { StudentFacts } from "./facts";

/** How `doctor` prints its verdicts: one student in full, or one line per student. */

const MARK: Record<VerdictStatus, string> = { ok: "ok", problem: "PROBLEM", unknown: "UNKNOWN", skipped: "-" };

/** Problems and checks that could not run, in words ("2 problems, 1 check could not run"). */
export function findingsSummary(verdicts: Verdict[]): string {
    const count = (status: VerdictStatus) => verdicts.filter((v) => v.status === status).length;
    const problems = count("problem");
    const unknowns = count("unknown");
    if (problems === 0 && unknowns === 0) return "Every check passed.";
    return [
        problems ? `${problems} problem${problems > 1 ? "s" : ""}` : "",
        unknowns ? `${unknowns} check${unknowns > 1 ? "s" : ""} could not run` : "",
    ].filter(Boolean).join(", ") + ".";
}

/** Every check of one student with its verdict and, under a problem, how to fix it. */
export function studentReport(facts: StudentFacts, verdicts: Verdict[]): string[] {
    const name = facts.deployed ? `${facts.deployed.name} <${facts.email}>` : facts.email;
    const markWidth = Math.max(...Object.values(MARK).map((m) => m.length));
    const checkWidth = Math.max(...verdicts.map((v) => v.check.length));
    const indent = " ".repeat(2 + markWidth + 2 + checkWidth + 2);
    const lines = [`Doctor for ${name}:`];
    for (const v of verdicts) {
        lines.push(`  ${MARK[v.status].padEnd(markWidth)}  ${v.check.padEnd(checkWidth)}  ${v.detail}`);
        if (v.fix && v.status !== "ok") lines.push(`${indent}fix: ${v.fix}`);
    }
    lines.push(findingsSummary(verdicts));
    return lines;
}

/**
 * The portal and the exact first sign-in steps of their welcome email (driver/email/render.ts),
 * to read out to a student who is stuck.
 */
export function signInInstructions(outputs: WorkshopOutputs, facts: StudentFacts): string[] {
    if (!facts.deployed) return outputs.accessPortalUrl ? [`Access portal: ${outputs.accessPortalUrl}`] : [];
    const steps = firstSignInSteps(welcomeInput(outputs, facts.deployed));
    return [`How they sign in (the steps of their welcome email), access portal ${outputs.accessPortalUrl}:`,
        ...steps.map((step, i) => `  ${i + 1}. ${step}`)];
}

/** `doctor --all`: one row per student with the first problem found (or the first check that could not run). */
export function allStudentsTable(students: { facts: StudentFacts; verdicts: Verdict[] }[]): string[] {
    const rows = students.map(({ facts, verdicts }) => {
        const finding = firstFinding(verdicts);
        return [facts.email, facts.deployed?.accountId ?? "-",
            finding ? `${MARK[finding.status]} ${finding.check}: ${finding.detail}` : "ok"];
    });
    return renderTable(["student", "account", "first finding"], rows);
}
