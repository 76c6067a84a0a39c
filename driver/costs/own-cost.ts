import type { WorkshopOutputs } from "../../infra/outputs";
import type { ResourceOp } from "../pulumi/engine";

/**
 * What the workshop itself costs per day, whatever the students do. It is billed to the
 * management account, so it falls outside every student budget and outside the master budget
 * (which covers the student accounts only). Prices, global (Budgets) and us-east-1 (CloudWatch):
 *
 * - AWS Budgets, https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/ (price list
 *   AWSBudgets, SKU "Action-enabled Budget-day"): budgets without actions, their alerts and the
 *   Budgets API are free; an action-enabled budget costs $0.10 per budget-day beyond 62 free
 *   budget-days per payer account per month (the page's "first two action-enabled budgets free").
 * - Amazon CloudWatch, https://aws.amazon.com/cloudwatch/pricing/: a standard-resolution alarm is
 *   $0.10 per alarm-month; the free tier covers 10 alarms per account per month.
 * - Amazon SNS, https://aws.amazon.com/sns/pricing/: topics are free and the first 1,000 email
 *   deliveries a month are free; the billing alarm mails the instructor a few times at most.
 *
 * Everything else the stack declares (OU, SCPs, accounts, Identity Center, IAM, a lab VPC without
 * NAT gateways) has no charge of its own.
 */
export const PRICES = {
    actionBudgetDayUsd: 0.10,
    freeActionBudgetDaysPerMonth: 62,
    alarmMonthUsd: 0.10,
    freeAlarmsPerMonth: 10,
} as const;

/** What the stack has that AWS prices. */
export interface Billables {
    /** Budgets with an action: with budgetFreeze on, each student's budget has one. */
    actionEnabledBudgets: number;
    /** Every budget, with or without an action; those without are free. */
    budgets: number;
    /** Standard-resolution CloudWatch alarms. */
    alarms: number;
}

/** What else in the payer account uses the same free tiers; the estimate assumes nothing does. */
export interface OtherUsage {
    otherActionEnabledBudgets: number;
    otherAlarms: number;
}

const NO_OTHER_USAGE: OtherUsage = { otherActionEnabledBudgets: 0, otherAlarms: 0 };

export interface OwnCost extends Billables {
    daysInMonth: number;
    budgetActionsUsdPerDay: number;
    alarmsUsdPerDay: number;
    usdPerDay: number;
}

export function daysInMonth(date: Date): number {
    return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}

/** Units beyond a free allowance; what this workshop adds on top of what the account already uses. */
function addedBillable(ours: number, others: number, free: number): number {
    return Math.max(0, ours + others - free) - Math.max(0, others - free);
}

/**
 * Per day, averaged over a month the stack is up for. The free budget-days are used up first,
 * early in the month, so a day after that costs the full $0.10 per action-enabled budget; the
 * average is what the month's bill divided by its days comes to.
 */
export function ownCostPerDay(billables: Billables, days: number, others: OtherUsage = NO_OTHER_USAGE): OwnCost {
    const budgetDays = addedBillable(billables.actionEnabledBudgets * days, others.otherActionEnabledBudgets * days,
        PRICES.freeActionBudgetDaysPerMonth);
    const alarmMonths = addedBillable(billables.alarms, others.otherAlarms, PRICES.freeAlarmsPerMonth);
    const budgetActionsUsdPerDay = (budgetDays * PRICES.actionBudgetDayUsd) / days;
    const alarmsUsdPerDay = (alarmMonths * PRICES.alarmMonthUsd) / days;
    return { ...billables, daysInMonth: days, budgetActionsUsdPerDay, alarmsUsdPerDay, usdPerDay: budgetActionsUsdPerDay + alarmsUsdPerDay };
}

const BUDGET = "aws:budgets/budget:Budget";
const BUDGET_ACTION = "aws:budgets/budgetAction:BudgetAction";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/** The resource types the estimate counts. */
export const COUNTED_TYPES: ReadonlySet<string> = new Set([BUDGET, BUDGET_ACTION, ALARM]);

/**
 * Resource types of this program that AWS does not charge for in themselves (what students run
 * inside their accounts is theirs, in their budgets). A type in neither list fails a test, so a new
 * billed resource cannot slip past the estimate. The lab VPC has no NAT gateway, so no hourly charge.
 */
export const UNPRICED_TYPES: ReadonlySet<string> = new Set([
    "aws:organizations/account:Account", "aws:organizations/organizationalUnit:OrganizationalUnit",
    "aws:organizations/policy:Policy", "aws:organizations/policyAttachment:PolicyAttachment",
    "aws:identitystore/user:User", "aws:identitystore/group:Group", "aws:identitystore/groupMembership:GroupMembership",
    "aws:ssoadmin/permissionSet:PermissionSet", "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    "aws:ssoadmin/accountAssignment:AccountAssignment",
    "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:iam/user:User", "aws:iam/userPolicy:UserPolicy", "aws:iam/accessKey:AccessKey",
    "aws:sns/topic:Topic", "aws:sns/topicSubscription:TopicSubscription",
    "awsx:ec2:Vpc", "random:index/randomString:RandomString",
    // Dynamic resources: code on the instructor's machine making free Organizations and STS calls (infra/dynamic/).
    "pulumi-nodejs:dynamic/workshop-accounts:AccountParking", "pulumi-nodejs:dynamic/workshop-accounts:PolicyRelease",
    "pulumi-nodejs:dynamic/workshop-accounts:RoleReady",
]);

/**
 * Counted from the resources an update leaves (a preview's steps, deletions excluded). Each
 * budget has at most one action in this program, so actions count action-enabled budgets.
 */
export function billablesFromResources(resources: readonly { type: string; op: ResourceOp }[]): Billables {
    const kept = resources.filter((resource) => resource.op !== "delete");
    const count = (type: string) => kept.filter((resource) => resource.type === type).length;
    return { actionEnabledBudgets: count(BUDGET_ACTION), budgets: count(BUDGET), alarms: count(ALARM) };
}

/**
 * Counted from a deployed stack's outputs, for the report: a budget per student (with the freeze
 * action when budgetFreeze is on), the master budget when there are students, and the one
 * estimated-charges alarm infra/billing/billing-alerts.ts always declares.
 */
export function billablesFromOutputs(outputs: WorkshopOutputs): Billables {
    const students = Object.keys(outputs.students).length;
    return { actionEnabledBudgets: outputs.budgetFreeze ? students : 0, budgets: students + (outputs.masterBudgetName ? 1 : 0), alarms: 1 };
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The line `preview`, `up` and the report print. */
export function ownCostLine(cost: OwnCost): string {
    const actions = cost.actionEnabledBudgets > 0
        ? `${plural(cost.actionEnabledBudgets, "action-enabled budget")} at $${PRICES.actionBudgetDayUsd.toFixed(2)} per budget-day ` +
            `beyond ${PRICES.freeActionBudgetDaysPerMonth} free budget-days a month`
        : "no action-enabled budgets";
    const alarms = cost.alarms <= PRICES.freeAlarmsPerMonth
        ? `${plural(cost.alarms, "CloudWatch alarm")}, within the ${PRICES.freeAlarmsPerMonth} free`
        : `${plural(cost.alarms, "CloudWatch alarm")} at $${PRICES.alarmMonthUsd.toFixed(2)} a month beyond ${PRICES.freeAlarmsPerMonth} free`;
    const plainBudgets = cost.budgets - cost.actionEnabledBudgets;
    const free = plainBudgets > 0 ? `${plainBudgets} ${plainBudgets === 1 ? "budget" : "budgets"} without actions and email alerts, free` : "email alerts, free";
    return `This workshop's own AWS cost: about $${cost.usdPerDay.toFixed(2)} per day in a ${cost.daysInMonth}-day month ` +
        `(${actions}; ${alarms}; ${free}), billed to the management account, outside every budget.`;
}

/** The line for the resources an update leaves, in the month of `now`. */
export function ownCostLineForResources(resources: readonly { type: string; op: ResourceOp }[], now: Date): string {
    return ownCostLine(ownCostPerDay(billablesFromResources(resources), daysInMonth(now)));
}
