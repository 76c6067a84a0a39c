import { DEFAULTS } from "../../infra/config";
import type { RegistrationOutput, WorkshopOutputs } from "../../infra/outputs";
import type { OutputMap } from "./engine";

/**
 * Reads the typed workshop outputs from a stack's raw outputs. Before the first `up`
 * there are none, and a workshop with no students is still a valid answer.
 */
export function workshopOutputs(outputs: OutputMap): WorkshopOutputs {
    const value = <T>(name: string, fallback: T): T => (outputs[name]?.value as T | undefined) ?? fallback;
    return {
        workshopName: value("workshopName", ""),
        instructorEmail: value("instructorEmail", ""),
        accessPortalUrl: value("accessPortalUrl", ""),
        ouId: value("ouId", ""),
        allowedRegions: value("allowedRegions", [] as string[]),
        masterBudgetName: value("masterBudgetName", ""),
        masterBudgetUsd: value("masterBudgetUsd", 0),
        // Stacks deployed before these outputs existed fall back to the config defaults.
        budgetAlertThresholds: value("budgetAlertThresholds", [...DEFAULTS.budgetAlertThresholds] as number[]),
        budgetFreeze: value("budgetFreeze", true),
        // The budgets' own CostTypes, as DescribeBudgets returns them, take precedence over this (driver/costs/budget-spend.ts).
        budgetsIncludeCredits: value("budgetsIncludeCredits", false),
        permissionSetName: value("permissionSetName", ""),
        students: value("students", {}),
        ...(outputs.allowedServices ? { allowedServices: outputs.allowedServices.value as string[] } : {}),
        ...(outputs.permissionSetArn ? { permissionSetArn: String(outputs.permissionSetArn.value) } : {}),
        ...(outputs.workshopModeUserName ? { workshopModeUserName: String(outputs.workshopModeUserName.value) } : {}),
        ...(outputs.registration ? { registration: outputs.registration.value as RegistrationOutput } : {}),
    };
}
