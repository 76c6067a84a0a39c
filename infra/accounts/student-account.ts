import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

import { budgetCostTypes, budgetLimitAmount } from "../billing/budget-rules";
import type { WorkshopSettings } from "../config";
import { AccountGate } from "../dynamic/account-gate";
import type { AwsConnection } from "../dynamic/aws-connection";
import { BudgetActionSettle } from "../dynamic/budget-action-settle";
import type { StudentOutput } from "../outputs";
import { accountName, accountRootEmail, budgetName, EMAIL_SUFFIX_LENGTH, studentTagValue } from "../roster/naming";
import type { Student } from "../roster/student";

export interface StudentAccountArgs {
    student: Student;
    settings: WorkshopSettings;
    /** The workshop OU: the account is created in it, and it is deleted only after the gate moved the account out. */
    ou: aws.organizations.OrganizationalUnit;
    groupId: pulumi.Input<string>;
    permissionSetArn: pulumi.Input<string>;
    /** When set, Budgets attaches the freeze SCP to this account at 100% of actual spend. */
    freeze?: { policyId: pulumi.Input<string>; roleArn: pulumi.Input<string> };
    /** Where the account is moved and closed (infra/suspended-ou.ts). */
    parkingOuId: pulumi.Input<string>;
    connection: pulumi.Input<AwsConnection>;
    /** Accounts of one stack queue for Organizations' creation and closure slots under this name. */
    admissionQueue: string;
}

/**
 * Creation usually takes a few minutes, past the provider's 10-minute default at times. The provider
 * never closes an account (its gate does, without waiting the ~11 minutes a close takes), so no delete timeout.
 */
export const ACCOUNT_TIMEOUTS = { create: "30m" };

/** How long teardown waits for a running freeze (applying or reversing the SCP takes minutes) before giving up. */
export const FREEZE_SETTLE_TIMEOUT_SECONDS = 15 * 60;

/**
 * Identity Center fields an adopted user keeps as they were: someone else's user is not rewritten, and
 * an import whose inputs differ from the user as it is fails ("inputs to import do not match"). These
 * are every required or optional, not computed, attribute of the provider's schema
 * (terraform-provider-aws internal/service/identitystore/user.go), so a staff user with a title, a
 * phone number or an address is adopted as well. Not listed: identityStoreId (the same store by
 * definition) and region (computed).
 */
export const ADOPTED_USER_FIELDS = [
    "userName", "displayName", "name", "emails", "addresses", "locale", "nickname", "phoneNumbers",
    "preferredLanguage", "profileUrl", "timezone", "title", "userType",
] as const satisfies readonly (keyof aws.identitystore.UserArgs)[];
type UnlistedUserField = Exclude<keyof aws.identitystore.UserArgs, (typeof ADOPTED_USER_FIELDS)[number] | "identityStoreId" | "region">;
// A provider upgrade that adds a user attribute fails to compile here until it is listed above.
const everyUserFieldListed: [UnlistedUserField] extends [never] ? true : UnlistedUserField = true;
void everyUserFieldListed;

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
        const displayName = accountName(settings.workshopName, student);

        // Organizations keeps at most 5 creations and 3 closures in progress, organization-wide: the gate,
        // declared first and deleted last, requests the account once AWS has room and closes it the same
        // way (infra/dynamic/account-gate.ts).
        const gate = new AccountGate(`${key}-gate`, {
            connection: args.connection,
            accountName: displayName,
            accountEmail,
            parkingOuId: args.parkingOuId,
            releasePolicyIds: args.freeze ? pulumi.output(args.freeze.policyId).apply((id) => [id]) : [],
            queue: args.admissionQueue,
        }, { ...parent, dependsOn: [args.ou] });
        this.account = new aws.organizations.Account(key, {
            // A changed name is applied in place with account:PutAccountName (trusted access for AWS
            // Account Management, README); a changed email would replace (close) the account.
            name: displayName,
            email: accountEmail,
            parentId: args.ou.id,
            // The gate closes it; should a delete ever reach the provider, it closes too, never removes.
            closeOnDeletion: true,
            roleName: "OrganizationAccountAccessRole",
            iamUserAccessToBilling: "ALLOW",
            tags: { workshop: settings.workshopName, student: studentTagValue(student) },
        }, {
            ...parent,
            // Organizations cannot read these back; without ignoreChanges a refresh would plan a replacement.
            ignoreChanges: ["roleName", "iamUserAccessToBilling"],
            customTimeouts: ACCOUNT_TIMEOUTS,
            dependsOn: [gate],
            // Deleting it only forgets it: its gate, deleted right after, parks and closes it (above).
            retainOnDelete: true,
        });

        // Someone who already has a user in this identity store (staff, another workshop) is adopted, with
        // the instructor's consent (adoptExistingUsers, through the driver's preflight), and kept at destroy.
        const adopted = settings.adoptedUsers[student.email.toLowerCase()];
        const user = new aws.identitystore.User(key, {
            identityStoreId: settings.identityStoreId,
            userName: student.email,
            displayName: student.name,
            name: { givenName: student.givenName, familyName: student.familyName },
            emails: { value: student.email, primary: true, type: "work" },
        }, adopted
            ? { ...parent, import: `${settings.identityStoreId}/${adopted}`, retainOnDelete: true, ignoreChanges: [...ADOPTED_USER_FIELDS] }
            // The user name is the sign-in name, fixed when the user is created. Under the same key the
            // roster's email can differ only in letter case (or punctuation the key folds), and user_name is
            // ForceNew: the provider would create the new user before deleting the old, which the store
            // refuses (user names are unique in it), and delete-first would cost the student their MFA device.
            // The email itself is updated in place.
            : { ...parent, ignoreChanges: ["userName"] });
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
            limitAmount: budgetLimitAmount(limitUsd, `student ${student.email}`),
            limitUnit: "USD",
            timeUnit: "MONTHLY",
            costFilters: [{ name: "LinkedAccount", values: [this.account.id] }],
            costTypes: budgetCostTypes(settings.budgetsIncludeCredits),
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
            const action = new aws.budgets.BudgetAction(key, {
                budgetName: budget.name,
                actionType: "APPLY_SCP_POLICY",
                approvalModel: "AUTOMATIC",
                notificationType: "ACTUAL",
                actionThreshold: { actionThresholdType: "PERCENTAGE", actionThresholdValue: 100 },
                definition: { scpActionDefinition: { policyId: args.freeze.policyId, targetIds: [this.account.id] } },
                executionRoleArn: args.freeze.roleArn,
                subscribers: subscribers.map((address) => ({ address, subscriptionType: "EMAIL" })),
            }, parent);
            // Deleted right before the action (it depends on it): waits out a freeze being applied or reversed.
            new BudgetActionSettle(`${key}-freeze-settle`, {
                connection: args.connection, budgetName: budget.name, timeoutSeconds: FREEZE_SETTLE_TIMEOUT_SECONDS,
            }, { ...parent, dependsOn: [action] });
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
