import type { Simulation } from "@cloud-copilot/iam-simulate";

import type { WorkshopSettings } from "../../infra/config";
import { FREEZE_SCP, GUARDRAIL_SCPS, guardrailVariables } from "../../infra/guardrails/policy-documents";
import powerUserAccess from "../fixtures/power-user-access.json";
import {
    ALLOW_ALL, Authorization, combineVerdicts, ContextValues, FULL_AWS_ACCESS, NamedPolicy, policyFile, simulateAuthorization, Verdict,
} from "./iam-simulation";

/**
 * A student account as `up` leaves it, for the IAM evaluator: FullAWSAccess on the root, the OU and
 * the account, the guardrail SCPs on the workshop OU, the freeze SCP on the account once Budgets
 * attached it, and the permission set as the identity policy of the student's role.
 */

export const ACCOUNT = "222222222222";
export const REGION = "us-east-1";
export const ORGANIZATION_ACCESS_ROLE = `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`;

/** Who sends the request: the student through their Identity Center role, or the instructor through the access role. */
export const PRINCIPALS = {
    student: {
        session: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_k8s-nov-student_0123456789abcdef/student1@uni.example`,
        role: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_k8s-nov-student_0123456789abcdef`,
    },
    accessRole: {
        session: `arn:aws:sts::${ACCOUNT}:assumed-role/OrganizationAccountAccessRole/instructor`,
        role: ORGANIZATION_ACCESS_ROLE,
    },
} as const;
export type PrincipalName = keyof typeof PRINCIPALS;

/**
 * The permission sets a workshop may give its students: the default and the broadest override.
 * PowerUserAccess is AWS's managed policy as published (tests/fixtures/power-user-access.json).
 */
export const PERMISSION_SETS: { name: string; policy: unknown }[] = [
    { name: "PowerUserAccess (default)", policy: powerUserAccess },
    { name: "AdministratorAccess (permissionSetPolicyArn override)", policy: ALLOW_ALL },
];

/** The guardrail SCPs exactly as `up` renders them for these settings. */
export function guardrailPolicies(settings: WorkshopSettings): NamedPolicy[] {
    const variables = guardrailVariables(settings);
    return Object.values(GUARDRAIL_SCPS).map((name) => policyFile(name, variables));
}

export interface WorkshopRequestOptions {
    /** The student's permission set (identity policy); the access role always has AdministratorAccess. */
    permissionSet: unknown;
    guardrails: NamedPolicy[];
    as?: PrincipalName;
    /** aws:RequestedRegion; the allowed us-east-1 unless the case is about regions. */
    region?: string;
    /** The budget action has attached the freeze SCP to the account. */
    frozen?: boolean;
}

const freeze = policyFile(FREEZE_SCP);

/** The simulation of one action on one resource inside the workshop organization. */
export function workshopSimulation(action: string, resource: string, context: ContextValues, options: WorkshopRequestOptions): Simulation {
    const principal = PRINCIPALS[options.as ?? "student"];
    return {
        request: {
            principal: principal.session,
            action,
            resource: { resource, accountId: ACCOUNT },
            contextVariables: { "aws:RequestedRegion": options.region ?? REGION, "aws:PrincipalArn": principal.role, ...context },
        },
        identityPolicies: [{ name: "identity", policy: options.as === "accessRole" ? ALLOW_ALL : options.permissionSet }],
        serviceControlPolicies: [
            { orgIdentifier: "r-ab12", policies: [FULL_AWS_ACCESS] },
            { orgIdentifier: "ou-ab12-workshop", policies: [FULL_AWS_ACCESS, ...options.guardrails] },
            { orgIdentifier: ACCOUNT, policies: [FULL_AWS_ACCESS, ...(options.frozen ? [freeze] : [])] },
        ],
        resourceControlPolicies: [],
    };
}

/**
 * Simulates every authorization an API call makes (the call itself, and any check AWS makes on
 * the caller's behalf, such as RunInstances when an Auto Scaling group names a launch template):
 * one verdict for the whole call.
 */
export async function authorizeInWorkshop(authorizations: Authorization[], options: WorkshopRequestOptions): Promise<Verdict> {
    const parts: { label: string; verdict: Verdict }[] = [];
    for (const authorization of authorizations) {
        parts.push({
            label: authorization.action,
            verdict: await simulateAuthorization(authorization, (action, resource, context) => workshopSimulation(action, resource, context, options)),
        });
    }
    return combineVerdicts(parts);
}
