import { BudgetsClient } from "@aws-sdk/client-budgets";
import { OrganizationsClient } from "@aws-sdk/client-organizations";

import type { WorkshopOutputs } from "../../infra/outputs";
import type { DriverContext } from "../context";
import { getWorkshopSpend, type WorkshopSpend } from "./budget-spend";
import { budgetSpendCachePath } from "./cache-settings";

/** The budgets the stack outputs name: each student's and the master budget. */
export function workshopBudgetNames(outputs: WorkshopOutputs): string[] {
    return [...Object.values(outputs.students).map((student) => student.budgetName), outputs.masterBudgetName].filter(Boolean);
}

/** The workshop's spend from AWS Budgets through the stack's cache; what the dashboard, `status` and the report show. */
export function loadWorkshopSpend(ctx: DriverContext, outputs: WorkshopOutputs, ttlMs: number): Promise<WorkshopSpend> {
    return getWorkshopSpend({
        budgets: ctx.aws.client(BudgetsClient), organizations: ctx.aws.client(OrganizationsClient),
        budgetNames: workshopBudgetNames(outputs), cachePath: budgetSpendCachePath(ctx.dataDir), ttlMs, now: () => ctx.now(),
    });
}
