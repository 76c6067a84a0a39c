import { OrganizationsClient } from "@aws-sdk/client-organizations";
import * as fs from "fs";
import * as path from "path";
import type { Argv, CommandModule } from "yargs";

import { OU_ID_PATTERN } from "../../infra/config";
import { loadPolicyTemplate, renderPolicy } from "../../infra/guardrails/policy-documents";
import { describeOrganization, findSuspendedOuId } from "../aws/organization";
import type { ContextFactory, DriverContext } from "../context";
import { stackFileValue } from "../pulumi/stack-settings";
import { type GlobalArgs,runWith } from "./command";

interface InstructorPolicyArgs extends GlobalArgs {
    out?: string;
}

/**
 * policies/instructor-policy.json filled in for this organization and workshop: what to attach
 * to the instructor's IAM user or role before the first `up`. Needs only Organizations read
 * access (DescribeOrganization; ListRoots and ListOrganizationalUnitsForParent to find the
 * Suspended OU unless suspendedOuId names it), so it works before anything is deployed (and
 * without the Pulumi CLI).
 */
export async function renderInstructorPolicy(ctx: DriverContext): Promise<string> {
    const setting = (key: string) => stackFileValue(ctx.projectDir, ctx.stack, key);
    const workshopName = setting("workshopName");
    if (!workshopName) {
        throw new Error(`Pulumi.${ctx.stack}.yaml sets no workshop-accounts:workshopName; the policy is scoped to it, so set it first`);
    }
    const configuredOu = setting("suspendedOuId");
    if (configuredOu && !OU_ID_PATTERN.test(configuredOu)) {
        throw new Error(`Pulumi.${ctx.stack}.yaml: workshop-accounts:suspendedOuId must be an OU id (ou-...-...), got "${configuredOu}"`);
    }
    const client = ctx.aws.client(OrganizationsClient);
    const ids = await describeOrganization(client);
    // Accounts may move into this one OU outside the workshop: where they wait, closed.
    const suspendedOuId = await findSuspendedOuId(client, configuredOu);
    return JSON.stringify(renderPolicy(loadPolicyTemplate("instructor-policy"), { ...ids, workshopName, suspendedOuId }), null, 2);
}

export function instructorPolicyCommand(
    getContext: ContextFactory,
): CommandModule<object, InstructorPolicyArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .option("out", { type: "string", describe: "Write it to this file instead of printing it" }) as Argv<InstructorPolicyArgs>,
        handler: runWith(getContext, async (ctx, argv) => {
            const policy = await renderInstructorPolicy(ctx);
            if (!argv.out) {
                ctx.log(policy);
                return;
            }
            fs.writeFileSync(path.resolve(argv.out), `${policy}\n`);
            ctx.log(`Wrote ${path.resolve(argv.out)}: attach it to the IAM user or role you run \`up\` with.`);
        }),
    };
}
