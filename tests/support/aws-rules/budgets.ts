import { check, reject } from "./errors";

/**
 * AWS Budgets: budgets with their notifications and subscribers, and budget actions, with the rules
 * of https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/ (API_budgets_*.html).
 */
const API = "https://docs.aws.amazon.com/aws-cost-management/latest/APIReference";

export interface ModelNotification {
    notificationType: string;
    comparisonOperator: string;
    threshold: number;
    thresholdType?: string;
    emails: string[];
    sns: string[];
}

export interface ModelBudget {
    name: string;
    limitAmount: string;
    limitUnit: string;
    timeUnit: string;
    costTypes?: { includeCredit?: boolean; includeRefund?: boolean };
    linkedAccounts: string[];
    notifications: ModelNotification[];
}

/** API_budgets_Action.html Status. */
export type ActionStatus = "STANDBY" | "PENDING" | "EXECUTION_IN_PROGRESS" | "EXECUTION_SUCCESS" | "EXECUTION_FAILURE" |
    "REVERSE_IN_PROGRESS" | "REVERSE_SUCCESS" | "REVERSE_FAILURE" | "RESET_IN_PROGRESS" | "RESET_FAILURE";

/** While an action is in one of these, DeleteBudgetAction is refused with ResourceLockedException. */
export const RUNNING_ACTION_STATUSES: readonly ActionStatus[] = ["EXECUTION_IN_PROGRESS", "REVERSE_IN_PROGRESS", "RESET_IN_PROGRESS"];

export interface ModelBudgetAction {
    actionId: string;
    budgetName: string;
    policyId: string;
    targetIds: string[];
    roleArn: string;
    status: ActionStatus;
    /** A running action settles into `then` at this time. */
    running?: { until: number; then: ActionStatus };
}

/** API_budgets_Budget.html BudgetName: 1-100 characters, no ":" or "\". */
export function checkBudgetName(name: string): void {
    check(name.length >= 1 && name.length <= 100 && /^[^:\\]+$/.test(name), "InvalidParameterException",
        `BudgetName "${name}" must be 1-100 characters without ":" or "\\" (${API}/API_budgets_Budget.html)`);
}

/**
 * API_budgets_Spend.html Amount: a decimal string ([0-9]*\.)?[0-9]+; a cost budget's limit must be
 * at least 0.01 with at most two decimals (the console's and CreateBudget's validation of BudgetLimit).
 */
export function checkLimitAmount(amount: string): void {
    check(/^([0-9]*\.)?[0-9]+$/.test(amount), "InvalidParameterException", `BudgetLimit ${amount} is not a decimal amount (${API}/API_budgets_Spend.html)`);
    check(Number(amount) >= 0.01 && !/\.\d{3,}$/.test(amount), "InvalidParameterException",
        `BudgetLimit ${amount} must be at least 0.01 with at most two decimals (${API}/API_budgets_Spend.html)`);
}

/**
 * Notifications (API_budgets_NotificationWithSubscribers.html): each has 1 SNS and at most 10 email
 * subscribers; a budget has at most 10 notifications (API_budgets_Notification.html; the CreateBudget
 * page still says five, which the program's config stays within).
 */
export function checkNotifications(notifications: ModelNotification[]): void {
    check(notifications.length <= 10, "InvalidParameterException",
        `${notifications.length} notifications; a budget has at most 10 (${API}/API_budgets_Notification.html)`);
    const seen = new Set<string>();
    for (const n of notifications) {
        check(n.emails.length >= 0 && n.emails.length <= 10, "InvalidParameterException",
            `${n.emails.length} email subscribers; a notification has at most 10 (${API}/API_budgets_NotificationWithSubscribers.html)`);
        check(n.sns.length <= 1, "InvalidParameterException", `a notification has at most one SNS subscriber (${API}/API_budgets_NotificationWithSubscribers.html)`);
        check(n.emails.length + n.sns.length >= 1, "InvalidParameterException", `a notification needs a subscriber (${API}/API_budgets_NotificationWithSubscribers.html)`);
        check(n.threshold >= 0 && n.threshold <= 1_000_000_000, "InvalidParameterException", `threshold ${n.threshold} out of range (${API}/API_budgets_Notification.html)`);
        const key = `${n.notificationType} ${n.comparisonOperator} ${n.threshold} ${n.thresholdType ?? "PERCENTAGE"}`;
        check(!seen.has(key), "DuplicateRecordException", `two notifications ${key} (${API}/API_budgets_CreateNotification.html)`);
        seen.add(key);
    }
}

export class BudgetsModel {
    readonly budgets = new Map<string, ModelBudget>();
    readonly actions = new Map<string, ModelBudgetAction>();
    readonly calls: { api: string; input: unknown }[] = [];
    private nextId = 1;

    constructor(readonly accountId: string, private readonly clock: { now(): number } = { now: () => Date.now() }) {}

    /** What Budgets does when an action runs (at the threshold, or reversed): `status` for `ms`, then `then`. */
    run(actionId: string, status: ActionStatus, ms: number, then: ActionStatus): void {
        const action = this.actions.get(actionId);
        if (!action) reject("NotFoundException", `no budget action ${actionId}`);
        action.status = status;
        action.running = { until: this.clock.now() + ms, then };
    }

    /** An action as Budgets reports it now (DescribeBudgetAction, DescribeBudgetActionsForBudget). */
    action(actionId: string): ModelBudgetAction {
        const action = this.actions.get(actionId);
        if (!action) reject("NotFoundException", `no budget action ${actionId}`);
        if (action.running && this.clock.now() >= action.running.until) {
            action.status = action.running.then;
            action.running = undefined;
        }
        return action;
    }

    actionsFor(accountId: string, budgetName: string): ModelBudgetAction[] {
        this.calls.push({ api: "DescribeBudgetActionsForBudget", input: { budgetName } });
        this.checkAccount(accountId);
        this.budget(budgetName);
        return [...this.actions.values()].filter((a) => a.budgetName === budgetName).map((a) => this.action(a.actionId));
    }

    private checkAccount(accountId: string): void {
        check(accountId === this.accountId, "AccessDeniedException", `budgets of ${accountId} are not visible from ${this.accountId}`);
    }

    /** CreateBudget (API_budgets_CreateBudget.html): names are unique per account (DuplicateRecordException). */
    createBudget(accountId: string, budget: ModelBudget): void {
        this.calls.push({ api: "CreateBudget", input: budget });
        this.checkAccount(accountId);
        this.checkBudget(budget);
        check(!this.budgets.has(budget.name), "DuplicateRecordException", `a budget named ${budget.name} exists (${API}/API_budgets_CreateBudget.html)`);
        this.budgets.set(budget.name, structuredClone(budget));
    }

    updateBudget(accountId: string, budget: ModelBudget): void {
        this.calls.push({ api: "UpdateBudget", input: budget });
        this.checkAccount(accountId);
        this.checkBudget(budget);
        this.budget(budget.name);
        this.budgets.set(budget.name, structuredClone(budget));
    }

    private checkBudget(budget: ModelBudget): void {
        checkBudgetName(budget.name);
        checkLimitAmount(budget.limitAmount);
        checkNotifications(budget.notifications);
    }

    deleteBudget(accountId: string, name: string): void {
        this.calls.push({ api: "DeleteBudget", input: { name } });
        this.checkAccount(accountId);
        this.budget(name);
        check(![...this.actions.values()].some((a) => a.budgetName === name), "ResourceLockedException",
            `budget ${name} still has actions (${API}/API_budgets_DeleteBudget.html)`);
        this.budgets.delete(name);
    }

    budget(name: string): ModelBudget {
        const budget = this.budgets.get(name);
        if (!budget) reject("NotFoundException", `no budget ${name}`);
        return budget;
    }

    /** CreateBudgetAction (API_budgets_CreateBudgetAction.html): on an existing budget, APPLY_SCP_POLICY with targets. */
    createAction(accountId: string, action: Omit<ModelBudgetAction, "actionId" | "status" | "running">): ModelBudgetAction {
        this.calls.push({ api: "CreateBudgetAction", input: action });
        this.checkAccount(accountId);
        this.budget(action.budgetName);
        check(action.targetIds.length >= 1 && action.targetIds.length <= 100, "InvalidParameterException", `an SCP action has 1-100 targets (${API}/API_budgets_ScpActionDefinition.html)`);
        const created: ModelBudgetAction = { ...action, actionId: `a-${String(this.nextId++).padStart(8, "0")}`, status: "STANDBY" };
        this.actions.set(created.actionId, created);
        return created;
    }

    /**
     * DeleteBudgetAction (API_budgets_DeleteBudgetAction.html): refused with ResourceLockedException
     * while the action runs (EXECUTION_IN_PROGRESS, REVERSE_IN_PROGRESS, RESET_IN_PROGRESS).
     */
    deleteAction(accountId: string, actionId: string): void {
        this.calls.push({ api: "DeleteBudgetAction", input: { actionId } });
        this.checkAccount(accountId);
        const action = this.action(actionId);
        check(!RUNNING_ACTION_STATUSES.includes(action.status), "ResourceLockedException",
            `budget action ${actionId} is ${action.status} (${API}/API_budgets_DeleteBudgetAction.html)`);
        this.actions.delete(actionId);
    }
}
