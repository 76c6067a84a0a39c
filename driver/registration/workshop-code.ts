import { REGISTRATION_CODE_OUTPUT } from "../../infra/outputs";
import { formatWorkshopCode } from "../../infra/registration/workshop-code";
import type { OutputMap } from "../pulumi/engine";

/**
 * The workshop code is a random string whose keeper is this stack config value: `registration
 * rotate-code` writes a new generation and runs `up`, and the code is replaced (infra/registration/).
 */
export const CODE_GENERATION_CONFIG = "registrationCodeGeneration";
export const REGISTRATION_CONFIG = "registration";

/** The code from the stack's secret output, as students type it; undefined before registration's first `up`. */
export function workshopCodeFromOutputs(outputs: OutputMap): string | undefined {
    const value = outputs[REGISTRATION_CODE_OUTPUT]?.value;
    return typeof value === "string" && value ? formatWorkshopCode(value) : undefined;
}
