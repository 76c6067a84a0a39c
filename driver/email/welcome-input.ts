import type { StudentOutput, WorkshopOutputs } from "../../infra/outputs";

/** Everything one welcome email says, and nothing it would have to look up. */
export interface WelcomeEmailInput {
    workshopName: string;
    student: { name: string; email: string };
    accessPortalUrl: string;
    accountId: string;
    accountName: string;
    allowedRegions: string[];
    budgetUsd: number;
    /** ACTUAL-spend alert thresholds in percent of the budget, e.g. [50, 80, 100]. */
    alertThresholdsPercent: number[];
    /** True when reaching 100% attaches the freeze policy automatically. */
    budgetFreeze: boolean;
    instructor: { name: string; email: string };
    /** The permission set students pick in the portal; unnamed when not known. */
    roleName?: string;
}

/** Overrides of what the stack outputs say; by default every fact comes from the outputs. */
export interface WelcomeOptions {
    budgetAlertThresholds: number[];
    budgetFreeze: boolean;
    instructorName?: string;
    roleName?: string;
}

/** One welcome input per student, in a stable order (by email) so runs and listings repeat. */
export function welcomeInputs(outputs: WorkshopOutputs, opts: Partial<WelcomeOptions> = {}): WelcomeEmailInput[] {
    requireWorkshopFacts(outputs);
    return Object.values(outputs.students)
        .sort((a, b) => a.email.localeCompare(b.email))
        .map((student) => welcomeInput(outputs, student, opts));
}

/** What one student's welcome email says, unchecked (`doctor` shows it even when the stack is incomplete). */
export function welcomeInput(outputs: WorkshopOutputs, student: StudentOutput, opts: Partial<WelcomeOptions> = {}): WelcomeEmailInput {
    const options: WelcomeOptions = {
        budgetAlertThresholds: outputs.budgetAlertThresholds,
        budgetFreeze: outputs.budgetFreeze,
        roleName: outputs.permissionSetName || undefined,
        ...opts,
    };
    return {
        workshopName: outputs.workshopName,
        student: { name: student.name || student.email, email: student.email },
        accessPortalUrl: outputs.accessPortalUrl,
        accountId: student.accountId,
        accountName: student.accountName,
        allowedRegions: outputs.allowedRegions,
        budgetUsd: student.budgetLimitUsd,
        alertThresholdsPercent: options.budgetAlertThresholds,
        budgetFreeze: options.budgetFreeze,
        instructor: { name: options.instructorName || "your instructor", email: outputs.instructorEmail },
        roleName: options.roleName,
    };
}

/** An email missing the portal or the account would strand the student: refuse before sending any. */
function requireWorkshopFacts(outputs: WorkshopOutputs): void {
    const problems: string[] = [];
    if (!outputs.workshopName) problems.push("workshopName is empty");
    if (!/^https:\/\//.test(outputs.accessPortalUrl)) problems.push(`accessPortalUrl "${outputs.accessPortalUrl}" is not an https URL`);
    if (!outputs.instructorEmail) problems.push("instructorEmail is empty");
    if (outputs.allowedRegions.length === 0) problems.push("allowedRegions is empty");
    for (const s of Object.values(outputs.students)) {
        if (!/^\d{12}$/.test(s.accountId)) problems.push(`student ${s.email}: account id "${s.accountId}" is not 12 digits (is the account still being created?)`);
        if (!(s.budgetLimitUsd > 0)) problems.push(`student ${s.email}: budgetLimitUsd ${s.budgetLimitUsd} is not a positive number`);
    }
    if (problems.length > 0) {
        throw new Error("cannot build welcome emails from the stack outputs:\n" + problems.map((p) => `  - ${p}`).join("\n") +
            "\nRun `up` to bring the stack up to date, then try again.");
    }
}
