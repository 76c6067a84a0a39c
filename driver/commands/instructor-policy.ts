import * as fs from "fs";
import * as path from "path";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import { organizationsClient } from "../aws-global";
import type { Argv, CommandModule } from "yargs";
import { loadPolicyTemplate, renderPolicy } from "../../infra/policy-documents";
import type { ContextFactory, DriverContext } from "../context";
import { describeOrganization } from "../organization";
import { stackFileValue } from "../stack-settings";

interface InstructorPolicyArgs {
    stack?: string;
    backend?: string;
    out?: string;
}

/**
 * policies/instructor-policy.json filled in for this organization and workshop: what to attach
 * to the instructor's IAM user or role before the first `up`. Needs only Organizations read
 * access, so it works before anything is deployed (and without the Pulumi CLI).
 */
export async function renderInstructorPolicy(ctx: DriverContext, organizations: OrganizationsClient): Promise<string> {
    const workshopName = stackFileValue(ctx.projectDir, ctx.stack, "workshopName");
    if (!workshopName) {
        throw new Error(`Pulumi.${ctx.stack}.yaml sets no workshop-accounts:workshopName; the policy is scoped to it, so set it first`);
    }
    const ids = await describeOrganization(organizations);
    return JSON.stringify(renderPolicy(loadPolicyTemplate("instructor-policy"), { ...ids, workshopName }), null, 2);
}

export function instructorPolicyCommand(
    getContext: ContextFactory,
    organizations: () => OrganizationsClient = organizationsClient,
): CommandModule<object, InstructorPolicyArgs> {
    return {
        command: "instructor-policy",
        describe: "Print the least-privilege IAM policy the instructor needs, filled in for this organization and workshop",
        builder: (yargs: Argv) => yargs
            .option("out", { type: "string", describe: "Write it to this file instead of printing it" }) as Argv<InstructorPolicyArgs>,
        handler: async (argv) => {
            const ctx = await getContext(argv);
            const policy = await renderInstructorPolicy(ctx, organizations());
            if (!argv.out) {
                ctx.log(policy);
                return;
            }
            fs.writeFileSync(path.resolve(argv.out), `${policy}\n`);
            ctx.log(`Wrote ${path.resolve(argv.out)}: attach it to the IAM user or role you run \`up\` with.`);
        },
    };
}
