import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BillingAlerts } from "./billing-alerts";
import type { WorkshopSettings } from "./config";
import { Guardrails } from "./guardrails";
import { LabNetwork } from "./lab-network";
import type { StudentOutput } from "./outputs";
import { guardrailVariables } from "./policy-documents";
import type { Student } from "./roster";
import { StudentAccount } from "./student-account";
import { WorkshopIdentity } from "./workshop-identity";
import { WorkshopModeUser } from "./workshop-mode";

/** The stack outputs as Pulumi values; infra/outputs.ts describes them resolved. */
export interface DeclaredWorkshop {
    workshopName: string;
    instructorEmail: string;
    accessPortalUrl: string;
    ouId: pulumi.Output<string>;
    allowedRegions: string[];
    masterBudgetName: pulumi.Output<string>;
    masterBudgetUsd: number;
    budgetAlertThresholds: number[];
    budgetFreeze: boolean;
    permissionSetName: pulumi.Output<string>;
    permissionSetArn: pulumi.Output<string>;
    students: pulumi.Output<Record<string, StudentOutput>>;
    workshopModeUserName?: pulumi.Output<string>;
    workshopModeAccessKeys?: pulumi.Output<unknown>;
}

/** Declares every resource of a workshop from its settings and validated roster. */
export function declareWorkshop(settings: WorkshopSettings, students: Student[]): DeclaredWorkshop {
    const organization = aws.organizations.getOrganizationOutput();
    const ou = new aws.organizations.OrganizationalUnit("workshop", {
        name: settings.workshopName,
        parentId: settings.parentOuId ?? organization.roots[0].id,
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
    const freeze = guardrails.freezePolicyId && guardrails.budgetActionRoleArn
        ? { policyId: guardrails.freezePolicyId, roleArn: guardrails.budgetActionRoleArn }
        : undefined;

    const accounts = students.map((student) => new StudentAccount(student.key, {
        student, settings, ouId: ou.id, groupId: identity.groupId, permissionSetArn: identity.permissionSetArn, freeze,
    }));
    if (settings.labNetwork.enabled) {
        accounts.forEach((account, i) => new LabNetwork(`${students[i].key}-lab`, {
            account: account.account, region: settings.allowedRegions[0], settings: settings.labNetwork,
        }, { dependsOn: account }));
    }

    const billing = new BillingAlerts("billing", {
        workshopName: settings.workshopName,
        instructorEmail: settings.instructorEmail,
        masterBudgetUsd: settings.masterBudgetUsd,
        thresholds: [50, 80, 100],
        accountIds: accounts.map((a) => a.account.id),
    });
    const workshopMode = settings.workshopMode.enabled
        ? new WorkshopModeUser("workshop-mode", { workshopName: settings.workshopName, settings: settings.workshopMode })
        : undefined;

    return {
        workshopName: settings.workshopName,
        instructorEmail: settings.instructorEmail,
        accessPortalUrl: settings.accessPortalUrl,
        ouId: ou.id,
        allowedRegions: settings.allowedRegions,
        masterBudgetName: billing.masterBudgetName,
        masterBudgetUsd: settings.masterBudgetUsd,
        budgetAlertThresholds: settings.budgetAlertThresholds,
        budgetFreeze: settings.budgetFreeze,
        permissionSetName: identity.permissionSetName,
        permissionSetArn: identity.permissionSetArn,
        students: pulumi.all(Object.fromEntries(accounts.map((a, i) => [students[i].key, a.output]))),
        ...(workshopMode ? { workshopModeUserName: workshopMode.userName, workshopModeAccessKeys: workshopMode.accessKeys } : {}),
    };
}
