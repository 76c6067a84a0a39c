import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { WorkshopSettings } from "./config";
import { accountName, accountRootEmail, budgetName, EMAIL_SUFFIX_LENGTH, studentTagValue } from "./naming";
import type { StudentOutput } from "./outputs";
import type { Student } from "./roster";

export interface StudentAccountArgs {
    student: Student;
    settings: WorkshopSettings;
    ouId: pulumi.Input<string>;
    groupId: pulumi.Input<string>;
    permissionSetArn: pulumi.Input<string>;
    /** When set, Budgets attaches the freeze SCP to this account at 100% of actual spend. */
    freeze?: { policyId: pulumi.Input<string>; roleArn: pulumi.Input<string> };
}

/**
 * Everything one student gets: an account in the workshop OU, an Identity Center user in the
 * workshop group, access to that account only, and a budget on it. Every child is named by
 * the student's key, so adding or removing a student touches only their own resources.
 */
export class StudentAccount extends pulumi.ComponentResource {
    readonly account: aws.organizations.Account;
    readonly output: pulumi.Output<StudentOutput>;

    constructor(name: string, args: StudentAccountArgs, opts?: pulumi.ComponentResourceOptions) {
        super("workshop-accounts:index:StudentAccount", name, {}, opts);
        const parent = { parent: this };
        const { student, settings } = args;
        const key = student.key;

        // New for every student added, so a re-run never reuses a closed account's root email.
        const suffix = new random.RandomString(`${key}-email-suffix`, {
            length: EMAIL_SUFFIX_LENGTH, special: false, upper: false,
        }, parent);
        const accountEmail = suffix.result.apply((s) => accountRootEmail(settings.rootEmailBase, settings.workshopName, key, s));

        this.account = new aws.organizations.Account(key, {
            name: accountName(settings.workshopName, student),
            email: accountEmail,
            parentId: args.ouId,
            // Without this, deleting the resource only removes the account from the organization.
            closeOnDeletion: true,
            roleName: "OrganizationAccountAccessRole",
            iamUserAccessToBilling: "ALLOW",
            tags: { workshop: settings.workshopName, student: studentTagValue(student) },
        }, {
            ...parent,
            // Organizations cannot read these back; without ignoreChanges a refresh would plan a replacement.
            ignoreChanges: ["roleName", "iamUserAccessToBilling"],
        });

        const user = new aws.identitystore.User(key, {
            identityStoreId: settings.identityStoreId,
            userName: student.email,
            displayName: student.name,
            name: { givenName: student.givenName, familyName: student.familyName },
            emails: { value: student.email, primary: true, type: "work" },
        }, parent);
        new aws.identitystore.GroupMembership(key, {
            identityStoreId: settings.identityStoreId,
            groupId: args.groupId,
            memberId: user.userId,
        }, parent);
        new aws.ssoadmin.AccountAssignment(key, {
            instanceArn: settings.identityCenterInstanceArn,
            permissionSetArn: args.permissionSetArn,
            principalId: user.userId,
            principalType: "USER",
            targetId: this.account.id,
            targetType: "AWS_ACCOUNT",
        }, parent);

        const limitUsd = student.budgetUsd ?? settings.studentBudgetUsd;
        const subscribers = [settings.instructorEmail, student.email];
        const budget = new aws.budgets.Budget(key, {
            name: budgetName(settings.workshopName, key),
            budgetType: "COST",
            limitAmount: limitUsd.toFixed(2),
            limitUnit: "USD",
            timeUnit: "MONTHLY",
            costFilters: [{ name: "LinkedAccount", values: [this.account.id] }],
            notifications: [
                ...settings.budgetAlertThresholds.map((threshold) => ({
                    comparisonOperator: "GREATER_THAN", notificationType: "ACTUAL",
                    threshold, thresholdType: "PERCENTAGE", subscriberEmailAddresses: subscribers,
                })),
                {
                    comparisonOperator: "GREATER_THAN", notificationType: "FORECASTED",
                    threshold: 100, thresholdType: "PERCENTAGE", subscriberEmailAddresses: subscribers,
                },
            ],
        }, parent);

        if (args.freeze) {
            new aws.budgets.BudgetAction(key, {
                budgetName: budget.name,
                actionType: "APPLY_SCP_POLICY",
                approvalModel: "AUTOMATIC",
                notificationType: "ACTUAL",
                actionThreshold: { actionThresholdType: "PERCENTAGE", actionThresholdValue: 100 },
                definition: { scpActionDefinition: { policyId: args.freeze.policyId, targetIds: [this.account.id] } },
                executionRoleArn: args.freeze.roleArn,
                subscribers: subscribers.map((address) => ({ address, subscriptionType: "EMAIL" })),
            }, parent);
        }

        this.output = pulumi.output({
            email: student.email,
            name: student.name,
            accountId: this.account.id,
            accountName: this.account.name,
            accountEmail,
            userName: user.userName,
            identityStoreUserId: user.userId,
            budgetName: budget.name,
            budgetLimitUsd: limitUsd,
        });
        this.registerOutputs({ output: this.output });
    }
}
