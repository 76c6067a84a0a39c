import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { FREEZE_SCP, GUARDRAIL_SCPS, loadPolicyTemplate, PolicyVariables, renderPolicy, renderScp } from "./policy-documents";

export interface GuardrailsArgs {
    workshopName: string;
    /** The workshop OU: the guardrails hold for every account in it. */
    ouId: pulumi.Input<string>;
    variables: PolicyVariables;
    organizationId: pulumi.Input<string>;
    managementAccountId: pulumi.Input<string>;
    /** Also create the freeze SCP and the role Budgets assumes to attach it. */
    budgetFreeze: boolean;
}

/**
 * The workshop's preventive controls. They are attached once to the OU rather than to each
 * account: an account takes at most 5 SCPs, and the freeze SCP must still fit beside them.
 */
export class Guardrails extends pulumi.ComponentResource {
    readonly policyIds: Record<keyof typeof GUARDRAIL_SCPS, pulumi.Output<string>>;
    readonly freezePolicyId?: pulumi.Output<string>;
    readonly budgetActionRoleArn?: pulumi.Output<string>;

    constructor(name: string, args: GuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("workshop-accounts:index:Guardrails", name, {}, opts);
        const parent = { parent: this };
        const ids: Partial<Record<keyof typeof GUARDRAIL_SCPS, pulumi.Output<string>>> = {};
        for (const [key, file] of Object.entries(GUARDRAIL_SCPS) as [keyof typeof GUARDRAIL_SCPS, string][]) {
            const policy = this.scp(file, args, renderScp(file, args.variables));
            new aws.organizations.PolicyAttachment(file, { policyId: policy.id, targetId: args.ouId }, parent);
            ids[key] = policy.id;
        }
        this.policyIds = ids as Record<keyof typeof GUARDRAIL_SCPS, pulumi.Output<string>>;

        if (args.budgetFreeze) {
            // Attached by Budgets, not here: it takes effect only when a student hits 100%.
            const freeze = this.scp(FREEZE_SCP, args, renderScp(FREEZE_SCP, {}));
            const role = new aws.iam.Role("budget-action", {
                name: `${args.workshopName}-budget-freeze`,
                description: "Assumed by AWS Budgets to attach the workshop freeze SCP to a student account at its hard limit",
                assumeRolePolicy: pulumi.output(args.managementAccountId).apply((managementAccountId) =>
                    JSON.stringify(renderPolicy(loadPolicyTemplate("budget-action-trust"), { managementAccountId }))),
            }, parent);
            new aws.iam.RolePolicy("budget-action", {
                role: role.id,
                policy: pulumi.all([freeze.arn, args.managementAccountId, args.organizationId]).apply(
                    ([freezePolicyArn, managementAccountId, organizationId]) =>
                        JSON.stringify(renderPolicy(loadPolicyTemplate("budget-action-role"), {
                            // Student accounts carry the workshop tag; no other account can be frozen.
                            freezePolicyArn, managementAccountId, organizationId, workshopName: args.workshopName,
                        }))),
            }, parent);
            this.freezePolicyId = freeze.id;
            this.budgetActionRoleArn = role.arn;
        }
        this.registerOutputs({ policyIds: this.policyIds, freezePolicyId: this.freezePolicyId });
    }

    private scp(file: string, args: GuardrailsArgs, content: string): aws.organizations.Policy {
        return new aws.organizations.Policy(file, {
            name: `${args.workshopName}-${file}`,
            description: `workshop ${args.workshopName}: ${file} (policies/${file}.json)`,
            type: "SERVICE_CONTROL_POLICY",
            content,
            // The instructor policy changes, attaches and detaches only SCPs with this tag.
            tags: { workshop: args.workshopName },
        }, { parent: this });
    }
}
