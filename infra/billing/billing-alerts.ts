import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { explicitProviderArgs } from "../providers";
import { budgetCostTypes, budgetLimitAmount } from "./budget-rules";

export interface BillingAlertsArgs {
    workshopName: string;
    instructorEmail: string;
    masterBudgetUsd: number;
    /** Thresholds of the master budget, in percent. */
    thresholds: number[];
    /** The workshop's accounts; the master budget covers exactly these. */
    accountIds: pulumi.Input<string>[];
    /** See budgetsIncludeCredits: gross usage unless true. */
    includeCredits: boolean;
}

/**
 * The instructor's safety net over the whole workshop: a master budget across the student
 * accounts, and a CloudWatch alarm on the payer's estimated charges (the whole payer account, and
 * only once "Receive Billing Alerts" is on in the billing preferences). Billing metrics exist only
 * in us-east-1, so the alarm and its topic live there whatever the stack's region.
 */
export class BillingAlerts extends pulumi.ComponentResource {
    readonly masterBudgetName: pulumi.Output<string>;
    readonly topicArn: pulumi.Output<string>;

    constructor(name: string, args: BillingAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("workshop-accounts:index:BillingAlerts", name, {}, opts);
        const usEast1 = new aws.Provider("us-east-1", explicitProviderArgs("us-east-1"), { parent: this });
        const inUsEast1 = { parent: this, provider: usEast1 };

        const topic = new aws.sns.Topic("billing-alarm", { name: `${args.workshopName}-billing-alarm` }, inUsEast1);
        // The instructor must confirm this subscription from the email AWS sends.
        new aws.sns.TopicSubscription("instructor", { topic: topic.arn, protocol: "email", endpoint: args.instructorEmail }, inUsEast1);
        new aws.cloudwatch.MetricAlarm("estimated-charges", {
            name: `${args.workshopName}-estimated-charges`,
            alarmDescription: `Estimated charges of the payer account passed the ${args.workshopName} master budget`,
            namespace: "AWS/Billing",
            metricName: "EstimatedCharges",
            dimensions: { Currency: "USD" },
            statistic: "Maximum",
            // Billing data arrives a few times a day; a shorter period only adds missing data points.
            period: 21600,
            evaluationPeriods: 1,
            comparisonOperator: "GreaterThanThreshold",
            threshold: args.masterBudgetUsd,
            treatMissingData: "notBreaching",
            alarmActions: [topic.arn],
        }, inUsEast1);

        const budgetName = `${args.workshopName}-master`;
        if (args.accountIds.length > 0) {
            new aws.budgets.Budget("master", {
                name: budgetName,
                budgetType: "COST",
                limitAmount: budgetLimitAmount(args.masterBudgetUsd, "the master budget"),
                limitUnit: "USD",
                timeUnit: "MONTHLY",
                costFilters: [{ name: "LinkedAccount", values: args.accountIds }],
                costTypes: budgetCostTypes(args.includeCredits),
                notifications: [
                    ...args.thresholds.map((threshold) => ({ notificationType: "ACTUAL", threshold })),
                    { notificationType: "FORECASTED", threshold: 100 },
                ].map((n) => ({
                    ...n, comparisonOperator: "GREATER_THAN", thresholdType: "PERCENTAGE", subscriberEmailAddresses: [args.instructorEmail],
                })),
            }, { parent: this });
        }
        this.masterBudgetName = pulumi.output(args.accountIds.length > 0 ? budgetName : "");
        this.topicArn = topic.arn;
        this.registerOutputs({ masterBudgetName: this.masterBudgetName, topicArn: this.topicArn });
    }
}
