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
    preview?: boolean;
}

/** The statements of policies/preview-policy.json that read the stack's state in S3. */
const STATE_STATEMENTS = new Set(["ListTheStackState", "ReadTheStackState"]);

/** `s3://bucket/some/prefix?region=eu-west-1`: the bucket, and the objects the state lives in. */
export function s3StateLocation(backendUrl: string | undefined): { stateBucket: string; stateObjects: string } | undefined {
    const match = /^s3:\/\/([^/?]+)\/?([^?]*)/.exec(backendUrl?.trim() ?? "");
    if (!match) return undefined;
    const prefix = match[2].replace(/\/+$/, "");
    return { stateBucket: match[1], stateObjects: `${match[1]}/${prefix ? `${prefix}/` : ""}*` };
}

/**
 * policies/preview-policy.json filled in: what `preview` reads and nothing it could change. A pull
 * request runs code anyone with push access wrote, so the preview job gets only this. Pulumi's
 * self-managed backends take no lock and write no checkpoint for a preview (pkg/backend/diy/backend.go:
 * Preview calls apply with DryRun and no Lock; only Update, Refresh, Destroy and Import lock), so
 * the state is only read. Without an S3 backend the state statements are left out.
 */
export async function renderPreviewPolicy(ctx: DriverContext, backendUrl: string | undefined): Promise<string> {
    const ids = await describeOrganization(ctx.aws.client(OrganizationsClient));
    const state = s3StateLocation(backendUrl);
    if (!state) ctx.warn("No s3:// state backend given (--backend or PULUMI_BACKEND_URL): the policy has no statements for reading the state.");
    const template = loadPolicyTemplate("preview-policy");
    const kept = { ...template, Statement: template.Statement.filter((s) => state || !STATE_STATEMENTS.has(String(s.Sid))) };
    return JSON.stringify(renderPolicy(kept, { ...ids, ...(state ?? {}) }), null, 2);
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
            .option("out", { type: "string", describe: "Write it to this file instead of printing it" })
            .option("preview", { type: "boolean", describe: "The read-only policy `preview` needs (the pull-request role), not the one for `up`" }) as Argv<InstructorPolicyArgs>,
        handler: runWith(getContext, async (ctx, argv) => {
            const policy = argv.preview ? await renderPreviewPolicy(ctx, argv.backend ?? ctx.env.PULUMI_BACKEND_URL) : await renderInstructorPolicy(ctx);
            if (!argv.out) {
                ctx.log(policy);
                return;
            }
            fs.writeFileSync(path.resolve(argv.out), `${policy}\n`);
            ctx.log(`Wrote ${path.resolve(argv.out)}: attach it to the IAM user or role you run \`${argv.preview ? "preview" : "up"}\` with.`);
        }),
    };
}
