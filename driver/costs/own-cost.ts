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

/**
 * Self-registration (infra/registration/) has no fixed cost, only a price per use, us-east-1:
 * - API Gateway HTTP API, https://aws.amazon.com/api-gateway/pricing/: $1.00 per million requests.
 * - AWS Lambda, https://aws.amazon.com/lambda/pricing/: $0.20 per million requests and $0.0000133334
 *   per GB-second on arm64 (the free tier, 1M requests and 400,000 GB-s a month, is ignored here).
 * - DynamoDB on demand, https://aws.amazon.com/dynamodb/pricing/on-demand/: $0.625 per million write
 *   and $0.125 per million read request units; storage is a few KB, within the free 25 GB.
 * - Amazon SES, https://aws.amazon.com/ses/pricing/: $0.10 per 1,000 emails.
 * - CloudWatch Logs: $0.50 per GB ingested; the function logs only failures, a few hundred bytes.
 */
export const REGISTRATION_PRICES = {
    httpApiRequestUsd: 1.0 / 1e6,
    lambdaRequestUsd: 0.2 / 1e6,
    lambdaArmGbSecondUsd: 0.0000133334,
    dynamoWriteUnitUsd: 0.625 / 1e6,
    dynamoReadUnitUsd: 0.125 / 1e6,
    sesEmailUsd: 0.10 / 1000,
} as const;

/**
 * One student's registration, counted from infra/registration/handler/app.ts and table.ts: the form,
 * the post, the link and the button (4 requests and invocations at 256 MB, well under 0.2 s each);
 * writes: 2 hourly caps, link and registration, seat and confirmation, then `roster pull`'s delete of
 * both, seat and pulled count (10); reads: seat counts on each page and the link's lookups (about 10);
 * one email.
 */
export const REGISTRATION_USE = { requests: 4, lambdaGbSeconds: 4 * 0.2 * 0.25, writeUnits: 10, readUnits: 10, emails: 1 } as const;

export function registrationUsdEach(): number {
    const p = REGISTRATION_PRICES;
    const u = REGISTRATION_USE;
    return u.requests * (p.httpApiRequestUsd + p.lambdaRequestUsd) + u.lambdaGbSeconds * p.lambdaArmGbSecondUsd +
        u.writeUnits * p.dynamoWriteUnitUsd + u.readUnits * p.dynamoReadUnitUsd + u.emails * p.sesEmailUsd;
}

/** What the stack has that AWS prices. */
export interface Billables {
    /** Budgets with an action: with budgetFreeze on, each student's budget has one. */
    actionEnabledBudgets: number;
    /** Every budget, with or without an action; those without are free. */
    budgets: number;
    /** Standard-resolution CloudWatch alarms. */
    alarms: number;
    /** True when the self-registration page is deployed: priced per registration, nothing while idle. */
    registration?: boolean;
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
const REGISTRATION_API = "aws:apigatewayv2/api:Api";

/** The self-registration page's resource types: billed per use (REGISTRATION_PRICES), never per day. */
export const PER_USE_TYPES: ReadonlySet<string> = new Set([
    REGISTRATION_API, "aws:apigatewayv2/integration:Integration", "aws:apigatewayv2/route:Route", "aws:apigatewayv2/stage:Stage",
    "aws:lambda/function:Function", "aws:lambda/permission:Permission", "aws:dynamodb/table:Table", "aws:dynamodb/tableItem:TableItem",
    "aws:cloudwatch/logGroup:LogGroup", "random:index/randomPassword:RandomPassword",
]);

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
    "pulumi-nodejs:dynamic/workshop-accounts:AccountGate", "pulumi-nodejs:dynamic/workshop-accounts:PolicyRelease",
    "pulumi-nodejs:dynamic/workshop-accounts:RoleReady",
    // Polls DescribeBudgetActionsForBudget before a budget action is deleted: the Budgets API has no per-request price.
    "pulumi-nodejs:dynamic/workshop-accounts:BudgetActionSettle",
]);

/**
 * Counted from the resources an update leaves (a preview's steps, deletions excluded). Each
 * budget has at most one action in this program, so actions count action-enabled budgets.
 */
export function billablesFromResources(resources: readonly { type: string; op: ResourceOp }[]): Billables {
    const kept = resources.filter((resource) => resource.op !== "delete");
    const count = (type: string) => kept.filter((resource) => resource.type === type).length;
    return {
        actionEnabledBudgets: count(BUDGET_ACTION), budgets: count(BUDGET), alarms: count(ALARM),
        ...(count(REGISTRATION_API) > 0 ? { registration: true } : {}),
    };
}

/**
 * Counted from a deployed stack's outputs, for the report: a budget per student (with the freeze
 * action when budgetFreeze is on), the master budget when there are students, and the one
 * estimated-charges alarm infra/billing/billing-alerts.ts always declares.
 */
export function billablesFromOutputs(outputs: WorkshopOutputs): Billables {
    const students = Object.keys(outputs.students).length;
    return {
        actionEnabledBudgets: outputs.budgetFreeze ? students : 0, budgets: students + (outputs.masterBudgetName ? 1 : 0), alarms: 1,
        ...(outputs.registration ? { registration: true } : {}),
    };
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
    const registration = cost.registration
        ? `; self-registration $0.00 while idle and about $${registrationUsdEach().toFixed(5)} per registration ` +
            `($${(registrationUsdEach() * 50).toFixed(3)} for 50 students: API Gateway, Lambda, DynamoDB on demand, one SES email)`
        : "";
    return `This workshop's own AWS cost: about $${cost.usdPerDay.toFixed(2)} per day in a ${cost.daysInMonth}-day month ` +
        `(${actions}; ${alarms}; ${free}${registration}), billed to the management account, outside every budget.`;
}

/** The line for the resources an update leaves, in the month of `now`. */
export function ownCostLineForResources(resources: readonly { type: string; op: ResourceOp }[], now: Date): string {
    return ownCostLine(ownCostPerDay(billablesFromResources(resources), daysInMonth(now)));
}
