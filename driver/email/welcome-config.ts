import type { WorkshopOutputs } from "../../infra/outputs";
import type { Engine } from "../pulumi/engine";

export interface WelcomeConfig {
    /** `workshop-accounts:senderEmail`, else the instructor's email. */
    from: string;
}

/**
 * The one thing the welcome emails need beyond the stack outputs: the SES sender, which is a
 * driver setting the program never uses.
 */
export async function welcomeConfig(engine: Pick<Engine, "getConfig">, outputs: WorkshopOutputs): Promise<WelcomeConfig> {
    const sender = await engine.getConfig("senderEmail");
    return { from: sender?.trim() || outputs.instructorEmail };
}
