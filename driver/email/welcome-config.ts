import type { WorkshopOutputs } from "../../infra/outputs";
import { parseBudgetThresholds } from "../dashboard/budget-thresholds";
import type { Engine } from "../engine";
import type { WelcomeOptions } from "./welcome-input";

export interface WelcomeConfig {
    /** `workshop-accounts:senderEmail`, else the instructor's email. */
    from: string;
    welcome: Partial<WelcomeOptions>;
}

/**
 * The stack config the welcome emails need beyond the outputs: the sender, and the budget
 * thresholds and freeze switch the email explains. `up` has validated them already.
 */
export async function welcomeConfig(engine: Pick<Engine, "getConfig">, outputs: WorkshopOutputs): Promise<WelcomeConfig> {
    const [sender, thresholds, freeze] = await Promise.all(
        ["senderEmail", "budgetAlertThresholds", "budgetFreeze"].map((key) => engine.getConfig(key)));
    return {
        from: sender?.trim() || outputs.instructorEmail,
        welcome: {
            budgetAlertThresholds: parseBudgetThresholds(thresholds),
            // infra/config.ts: the freeze is on unless set to false.
            budgetFreeze: freeze?.trim().toLowerCase() !== "false",
        },
    };
}
