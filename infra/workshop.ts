import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { StudentAccount } from "./accounts/student-account";
import { suspendedOuId } from "./accounts/suspended-ou";
import { BillingAlerts } from "./billing/billing-alerts";
import type { WorkshopSettings } from "./config";
import { PolicyRelease } from "./dynamic/policy-release";
import { Guardrails } from "./guardrails/guardrails";
import { guardrailVariables } from "./guardrails/policy-documents";
import { WorkshopPreflightError, workshopProblems } from "./guardrails/scp-preflight";
import { WorkshopIdentity } from "./identity/workshop-identity";
import { LabNetwork } from "./network/lab-network";
import type { RegistrationOutput, StudentOutput } from "./outputs";
import { stackAwsConnection } from "./providers";
import { WorkshopRegistration } from "./registration/registration";
import type { Student } from "./roster/student";
import { WorkshopModeUser } from "./workshop-mode/workshop-mode-user";

/** The stack outputs as Pulumi values; infra/outputs.ts describes them resolved. */
export interface DeclaredWorkshop {
    workshopName: string;
    instructorEmail: string;
    accessPortalUrl: string;
    ouId: pulumi.Output<string>;
    allowedRegions: string[];
    allowedServices: string[];
    masterBudgetName: pulumi.Output<string>;
    masterBudgetUsd: number;
    budgetAlertThresholds: number[];
    budgetFreeze: boolean;
    permissionSetName: pulumi.Output<string>;
    permissionSetArn: pulumi.Output<string>;
    students: pulumi.Output<Record<string, StudentOutput>>;
    workshopModeUserName?: pulumi.Output<string>;
    workshopModeAccessKeys?: pulumi.Output<unknown>;
    registration?: pulumi.Output<RegistrationOutput>;
    registrationCode?: pulumi.Output<string>;
}

/** Declares every resource of a workshop from its settings and validated roster. */
export function declareWorkshop(settings: WorkshopSettings, students: Student[], options: { registrationBundlePath?: string } = {}): DeclaredWorkshop {
    const problems = workshopProblems(settings);
    if (problems.length > 0) throw new WorkshopPreflightError(problems);
    const organization = aws.organizations.getOrganizationOutput();
    const ou = new aws.organizations.OrganizationalUnit("workshop", {
        name: settings.workshopName,
        parentId: settings.parentOuId ?? organization.roots[0].id,
        // The instructor policy changes only the OUs, SCPs, accounts and permission set with this tag.
        tags: { workshop: settings.workshopName },
    });

    const guardrails = new Guardrails("guardrails", {
        workshopName: settings.workshopName,
        ouId: ou.id,
        variables: guardrailVariables(settings),
        organizationId: organization.id,
        managementAccountId: organization.masterAccountId,
        budgetFreeze: settings.budgetFreeze,
    });
    const identity = new WorkshopIdentity("identity", settings);
    const connection = stackAwsConnection();
    const freeze = guardrails.freezePolicyId && guardrails.budgetActionRoleArn
        ? { policyId: guardrails.freezePolicyId, roleArn: guardrails.budgetActionRoleArn }
        : undefined;
    if (freeze) {
        // Budgets attaches the freeze outside Pulumi; this detaches it from every target before the policy is deleted.
        new PolicyRelease("scp-freeze-release", { connection, policyId: freeze.policyId });
    }

    // No account waits for another: each waits for room in Organizations' own count of creations
    // and closures in progress, organization-wide (infra/dynamic/account-admission.ts).
    const parkingOuId = students.length > 0 ? suspendedOuId(settings.suspendedOuId, organization.roots[0].id) : pulumi.output("");
    const admissionQueue = `${pulumi.getProject()}/${pulumi.getStack()}`;
    const accounts = students.map((student) => new StudentAccount(student.key, {
        student, settings, ou, groupId: identity.groupId, permissionSetArn: identity.permissionSetArn, freeze,
        parkingOuId, connection, admissionQueue,
    }));
    if (settings.labNetwork.enabled) {
        accounts.forEach((account, i) => new LabNetwork(`${students[i].key}-lab`, {
            account: account.account, region: settings.allowedRegions[0], settings: settings.labNetwork, connection,
        }, { dependsOn: account }));
    }

    const billing = new BillingAlerts("billing", {
        workshopName: settings.workshopName,
        instructorEmail: settings.instructorEmail,
        masterBudgetUsd: settings.masterBudgetUsd,
        thresholds: [50, 80, 100],
        accountIds: accounts.map((a) => a.account.id),
        includeCredits: settings.budgetsIncludeCredits,
    });
    const workshopMode = settings.workshopMode.enabled
        ? new WorkshopModeUser("workshop-mode", {
            workshopName: settings.workshopName, settings: settings.workshopMode, managementAccountId: organization.masterAccountId,
        })
        : undefined;

    const registration = settings.registration.enabled
        ? new WorkshopRegistration("registration", {
            workshopName: settings.workshopName, instructorEmail: settings.instructorEmail, maxStudents: settings.maxStudents,
            rosterStudents: students.length, settings: settings.registration,
            ...(options.registrationBundlePath ? { bundlePath: options.registrationBundlePath } : {}),
        })
        : undefined;

    return {
        workshopName: settings.workshopName,
        instructorEmail: settings.instructorEmail,
        accessPortalUrl: settings.accessPortalUrl,
        ouId: ou.id,
        allowedRegions: settings.allowedRegions,
        allowedServices: settings.allowedServices,
        masterBudgetName: billing.masterBudgetName,
        masterBudgetUsd: settings.masterBudgetUsd,
        budgetAlertThresholds: settings.budgetAlertThresholds,
        budgetFreeze: settings.budgetFreeze,
        permissionSetName: identity.permissionSetName,
        permissionSetArn: identity.permissionSetArn,
        students: pulumi.all(Object.fromEntries(accounts.map((a, i) => [students[i].key, a.output]))),
        ...(workshopMode ? { workshopModeUserName: workshopMode.userName, workshopModeAccessKeys: workshopMode.accessKeys } : {}),
        ...(registration ? {
            registration: pulumi.all([registration.url, registration.tableName, registration.region])
                .apply(([url, tableName, region]): RegistrationOutput => ({ url, tableName, region })),
            registrationCode: registration.code,
        } : {}),
    };
}
