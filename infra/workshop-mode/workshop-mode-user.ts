import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { WorkshopModeSettings } from "../config";
import { loadPolicyTemplate, renderPolicy } from "../guardrails/policy-documents";

export interface WorkshopModeKey {
    generation: string;
    accessKeyId: string;
    secretAccessKey: string;
}

/**
 * A shared IAM user that can only invoke Bedrock models, for courses where students call a
 * model from their laptops. Its keys are declared per generation: rotating adds a generation
 * (IAM keeps at most two keys, so the previous one survives until the next rotation) and
 * revoking empties the list, which deletes every key.
 */
export class WorkshopModeUser extends pulumi.ComponentResource {
    readonly userName: pulumi.Output<string>;
    /** Secret: never printed by `up` or `preview`. */
    readonly accessKeys: pulumi.Output<WorkshopModeKey[]>;

    constructor(name: string, args: { workshopName: string; settings: WorkshopModeSettings; managementAccountId: pulumi.Input<string> },
        opts?: pulumi.ComponentResourceOptions) {
        super("workshop-accounts:index:WorkshopModeUser", name, {}, opts);
        const parent = { parent: this };
        const user = new aws.iam.User("workshop-mode", {
            name: `${args.workshopName}-workshop-mode`,
            tags: { workshop: args.workshopName, purpose: "shared Bedrock access during the workshop" },
        }, parent);
        new aws.iam.UserPolicy("bedrock-invoke", {
            user: user.name,
            policy: pulumi.output(args.managementAccountId).apply((accountId) => JSON.stringify(renderPolicy(loadPolicyTemplate("workshop-mode-bedrock"), {
                modelArns: bedrockResources(args.settings.modelArns, accountId),
            }))),
        }, parent);
        const keys = args.settings.keyGenerations.map((generation) => {
            const key = new aws.iam.AccessKey(`workshop-mode-${generation}`, { user: user.name }, parent);
            return pulumi.all([key.id, key.secret]).apply(([accessKeyId, secretAccessKey]) => ({ generation, accessKeyId, secretAccessKey }));
        });
        this.userName = user.name;
        this.accessKeys = pulumi.secret(pulumi.all(keys));
        this.registerOutputs({ userName: this.userName, accessKeys: this.accessKeys });
    }
}

/**
 * What the shared user may invoke: the models, and the inference profiles that route to them. Newer
 * models are invoked only through a (cross-region) inference profile, whose ARN lives in the calling
 * account (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html); the
 * spend lands in the management account, outside every student budget.
 */
export function bedrockResources(modelArns: string[], accountId: string): string[] {
    return [
        ...(modelArns.length > 0 ? modelArns : ["arn:aws:bedrock:*::foundation-model/*"]),
        `arn:aws:bedrock:*:${accountId}:inference-profile/*`,
        `arn:aws:bedrock:*:${accountId}:application-inference-profile/*`,
    ];
}
