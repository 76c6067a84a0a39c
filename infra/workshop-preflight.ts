import { budgetLimitProblem } from "./budget-rules";
import type { WorkshopSettings } from "./config";
import { identityCenterProblems } from "./identity-center-rules";
import { FREEZE_SCP, GUARDRAIL_SCPS, guardrailVariables, renderScp } from "./policy-documents";
import type { Student } from "./roster";

/**
 * Everything AWS would refuse later, found before the first resource is declared: once Pulumi
 * has started creating resources, an error half-way leaves a half-applied workshop.
 */
export function workshopProblems(settings: WorkshopSettings, students: readonly Student[]): string[] {
    const problems: string[] = [];
    for (const s of students) {
        const own = identityCenterProblems({ userName: s.email, displayName: s.name, givenName: s.givenName, familyName: s.familyName });
        const budget = s.budgetUsd !== undefined ? budgetLimitProblem(s.budgetUsd) : undefined;
        if (budget) own.push(`budget ${s.budgetUsd} ${budget}`);
        problems.push(...own.map((p) => `${s.email}: ${p}`));
    }
    const scps = [...Object.values(GUARDRAIL_SCPS), ...(settings.budgetFreeze ? [FREEZE_SCP] : [])];
    for (const scp of scps) {
        try {
            renderScp(scp, scp === FREEZE_SCP ? {} : guardrailVariables(settings));
        } catch (error) {
            problems.push((error as Error).message);
        }
    }
    return problems;
}

export class WorkshopPreflightError extends Error {
    constructor(readonly problems: string[]) {
        super(`nothing was changed; AWS would refuse this workshop:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "WorkshopPreflightError";
    }
}
