import type { WorkshopSettings } from "../config";
import { FREEZE_SCP, GUARDRAIL_SCPS, guardrailVariables, renderScp } from "./policy-documents";

/**
 * What AWS would refuse later, found before the first resource is declared: once Pulumi has
 * started creating resources, an error half-way leaves a half-applied workshop. The roster and the
 * config are checked when they are read; the SCPs are rendered from both, so they are checked here.
 */
export function workshopProblems(settings: WorkshopSettings): string[] {
    const problems: string[] = [];
    for (const scp of [...Object.values(GUARDRAIL_SCPS), ...(settings.budgetFreeze ? [FREEZE_SCP] : [])]) {
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
