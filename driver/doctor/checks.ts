import type { StudentOutput } from "../../infra/outputs";
import { adviseOnError } from "../aws/error-advice";
import { formatUsd } from "../email/render";
import type { Answer, StudentFacts, WorkshopFacts } from "./facts";

/**
 * The checks of `doctor`, in the order an instructor would go through them when a student says
 * "I can't get in". Each is a pure function of what AWS said (driver/doctor/facts.ts): ok, a
 * problem with how to fix it, unknown when AWS did not answer (never guessed to be ok), or
 * skipped when an earlier finding makes it meaningless (no account to look at).
 */

export type VerdictStatus = "ok" | "problem" | "unknown" | "skipped";

export interface Verdict {
    check: CheckName;
    status: VerdictStatus;
    detail: string;
    /** What to do; present for problems and unknowns. */
    fix?: string;
}

export const CHECKS = [
    "roster", "stack", "account", "ou", "user", "user email", "assignment", "permission set",
    "welcome email", "suppression", "budget", "freeze", "alerts",
] as const;
export type CheckName = (typeof CHECKS)[number];

type Check = (facts: StudentFacts, workshop: WorkshopFacts) => Verdict;

const ok = (check: CheckName, detail: string): Verdict => ({ check, status: "ok", detail });
const problem = (check: CheckName, detail: string, fix: string): Verdict => ({ check, status: "problem", detail, fix });
const skipped = (check: CheckName, detail = "not deployed: nothing to check"): Verdict => ({ check, status: "skipped", detail });

/** An unanswered question: what AWS said instead, and the advice for that error when there is one. */
function unknown(check: CheckName, error: string): Verdict {
    return {
        check, status: "unknown", detail: `could not check: ${error}`,
        fix: adviseOnError(error) ?? "Fix what the error says and run doctor again.",
    };
}

/** Runs `judge` on a deployed student's answer; skipped when there is no account to ask about. */
function judged<T>(check: CheckName, facts: StudentFacts, answer: Answer<T> | undefined, judge: (value: T, student: StudentOutput) => Verdict): Verdict {
    if (!facts.deployed || !answer) return skipped(check);
    return answer.ok ? judge(answer.value, facts.deployed) : unknown(check, answer.error);
}

const driver = (args: string) => `npm run driver -- ${args}`;

export const checkRoster: Check = (facts, workshop) => {
    const where = workshop.rosterFile ?? "the roster";
    if (!facts.inRoster.ok) return unknown("roster", facts.inRoster.error);
    if (facts.inRoster.value) return ok("roster", `in ${where}`);
    return problem("roster", `not in ${where}`, facts.deployed
        ? `They are still deployed, and the next \`up\` closes their account. If they should stay: \`${driver(`add-student ${facts.email}`)}\`.`
        : `Check the spelling (\`npm run status\` lists everyone), or add them: \`${driver(`add-student ${facts.email} --apply`)}\`.`);
};

export const checkStack: Check = (facts, workshop) => {
    const s = facts.deployed;
    if (s) return ok("stack", `deployed in stack ${workshop.stack}: account ${s.accountId} "${s.accountName}"`);
    return problem("stack", `not deployed in stack ${workshop.stack}`, facts.inRoster.ok && facts.inRoster.value
        ? "Run `npm run up`: it creates their account (allow 5-15 minutes), then `npm run email` sends their welcome email."
        : "Nothing to fix here until they are in the roster (see above).");
};

export const checkAccount: Check = (facts) => judged("account", facts, facts.account, (account, student) => {
    const id = student.accountId;
    if (!account.found) {
        return problem("account", `account ${id} is not in this organization`,
            "Check that the credentials are the management account of the organization this stack was deployed to " +
            "(`aws organizations describe-organization`). If they are, the account left the organization: remove the student and add them again.");
    }
    switch (account.state) {
        case "ACTIVE":
            return ok("account", `account ${id} is ACTIVE`);
        case "PENDING_ACTIVATION":
            return problem("account", `account ${id} is PENDING_ACTIVATION: AWS is still setting it up`,
                "Wait a few minutes and run doctor again; new accounts usually activate within minutes.");
        default:
            // SUSPENDED, PENDING_CLOSURE, CLOSED: nobody signs in to a closed account, and it cannot be reopened from here.
            return problem("account", `account ${id} is ${account.state}: nobody can sign in to it`,
                "A closed account stays SUSPENDED for 90 days and cannot be reopened by this tool. Give the student a new one: " +
                `\`${driver(`remove-student ${facts.email}`)}\`, \`npm run up\`, \`${driver(`add-student ${facts.email}`)}\`, \`npm run up\`. ` +
                "If AWS suspended it (not a close), contact AWS Support.");
    }
});

export const checkOu: Check = (facts, workshop) => judged("ou", facts, facts.parent, (parent, student) => {
    if (parent.id === workshop.ouId) return ok("ou", `in the workshop OU ${workshop.ouId}`);
    const id = student.accountId;
    return problem("ou", `in ${parent.type} ${parent.id}, not the workshop OU ${workshop.ouId}: the workshop's guardrail SCPs do not apply to it`,
        `Move it back: \`aws organizations move-account --account-id ${id} --source-parent-id ${parent.id} --destination-parent-id ${workshop.ouId}\`.`);
});

export const checkUser: Check = (facts, workshop) => judged("user", facts, facts.user, (user, student) => {
    const id = student.identityStoreUserId;
    if (user.found) {
        if (user.status === "DISABLED") {
            return problem("user", `Identity Center user ${user.userName} is DISABLED: the portal refuses them`,
                `Enable them: IAM Identity Center console > Users > ${user.userName} > Enable user access.`);
        }
        return ok("user", `Identity Center user ${user.userName} (${id})`);
    }
    if (user.sameUserNameId) {
        return problem("user", `the stack's user ${id} is gone; another user ${user.sameUserNameId} has the user name ${facts.email} and no access to the account`,
            `Delete user ${user.sameUserNameId} in the IAM Identity Center console, then \`pulumi refresh --stack ${workshop.stack} --yes\` and \`npm run up\` recreate theirs.`);
    }
    return problem("user", `the stack's Identity Center user ${id} does not exist (deleted outside this tool)`,
        `\`pulumi refresh --stack ${workshop.stack} --yes\`, then \`npm run up\` recreates the user and their access; their first sign-in asks for a one-time code again.`);
});

export const checkUserEmail: Check = (facts) => judged("user email", facts, facts.user, (user) => {
    if (!user.found) return skipped("user email", "no user to check");
    const wanted = facts.email.toLowerCase();
    const primary = (user.emails.find((e) => e.primary) ?? user.emails[0])?.value;
    const problems: string[] = [];
    if (user.userName.toLowerCase() !== wanted) problems.push(`they sign in as "${user.userName}", not as ${facts.email} as the welcome email says`);
    if (primary?.toLowerCase() !== wanted) problems.push(`Identity Center sends their one-time sign-in code to ${primary ?? "no address at all"}`);
    if (problems.length === 0) return ok("user email", `user name and email are ${facts.email}`);
    return problem("user email", problems.join("; "),
        "`npm run up` sets the user back to the roster's email. If the roster's address is the wrong one, correct it there first.");
});

export const checkAssignment: Check = (facts, workshop) => judged("assignment", facts, facts.assignment, (assignment, student) => {
    const id = student.accountId;
    if (assignment.assigned) return ok("assignment", `may use permission set ${workshop.permissionSetName} in account ${id}`);
    const request = assignment.latestRequest;
    if (request?.status === "IN_PROGRESS") {
        return problem("assignment", `their access to account ${id} is being created right now (since ${request.createdDate ?? "?"})`,
            "Wait a minute, then have them reload the access portal.");
    }
    if (request?.status === "FAILED") {
        return problem("assignment", `creating their access to account ${id} failed: ${request.failureReason ?? "no reason given"}`,
            "Fix what the reason says, then `npm run up` creates it again.");
    }
    return problem("assignment", `no assignment of their user to account ${id}: the portal shows them no account`,
        `\`npm run up\` creates it (if it was deleted outside this tool, run \`pulumi refresh --stack ${workshop.stack} --yes\` first).`);
});

export const checkPermissionSet: Check = (facts, workshop) => judged("permission set", facts, facts.provisioning, (provisioning, student) => {
    const id = student.accountId;
    switch (provisioning) {
        case "provisioned":
            return ok("permission set", `${workshop.permissionSetName} is provisioned to account ${id}`);
        case "outdated":
            return problem("permission set", `${workshop.permissionSetName} changed since it was provisioned to account ${id}: the role there is out of date`,
                "Re-provision it: IAM Identity Center console > Permission sets > " +
                `${workshop.permissionSetName} > Accounts > Update (or \`aws sso-admin provision-permission-set\` with --target-id ${id}).`);
        case "absent":
            return problem("permission set", `${workshop.permissionSetName} is not provisioned to account ${id}: there is no role for them to sign in to`,
                "`npm run up`: creating their assignment provisions it.");
    }
});

export const checkWelcomeEmail: Check = (facts) => judged("welcome email", facts, facts.ledger, (record) => {
    const resend = `\`npm run email -- --resend ${facts.email}\``;
    if (!record) return problem("welcome email", "not sent yet", "`npm run email` sends the welcome emails not sent yet.");
    switch (record.status) {
        case "sent":
            return ok("welcome email", `sent ${record.sentAt ?? ""} (SES message ${record.messageId ?? "?"}); not in their inbox? ask them to check spam`);
        case "failed":
            return problem("welcome email", `failed: ${record.lastError ?? "no error recorded"}`, "`npm run email` tries again (after fixing the error).");
        case "sending":
            return problem("welcome email", `in doubt: a run was interrupted while sending it (${record.updatedAt})`,
                `Ask them whether it arrived; if not, ${resend}.`);
    }
});

export const checkSuppression: Check = (facts) => judged("suppression", facts, facts.suppression, (suppression) => {
    if (!suppression.suppressed) return ok("suppression", "not on SES's suppression list");
    const what = `${suppression.reason}${suppression.since ? ` since ${suppression.since}` : ""}`;
    if (suppression.removed) return ok("suppression", `removed from SES's suppression list just now (was ${what})`);
    return problem("suppression", `on SES's account-level suppression list (${what}): SES drops every email to it, the welcome email included`,
        `Check that the address is right, then \`npm run doctor -- ${facts.email} --unsuppress\` and \`npm run email -- --resend ${facts.email}\`. ` +
        "(Identity Center's one-time codes are sent by AWS, not through your SES.)");
});

/** Budgets refreshes spend up to three times a day, so these are hours old at best. */
export const checkBudget: Check = (facts) => judged("budget", facts, facts.budget, (budget) => {
    const percent = budget.limitUsd > 0 ? (budget.actualUsd / budget.limitUsd) * 100 : 0;
    const forecast = budget.forecastUsd === undefined ? "" : `, forecast ${formatUsd(budget.forecastUsd)}`;
    const detail = `spent ${formatUsd(budget.actualUsd)} of ${formatUsd(budget.limitUsd)} this month (${Math.round(percent)}%${forecast})`;
    if (percent < 100) return ok("budget", detail);
    return problem("budget", `${detail}: over their budget`,
        "Raise their budget (`budget:` in the roster, then `npm run up`) if they should keep working, then unfreeze them (see below).");
});

export const checkFreeze: Check = (facts, workshop) => judged("freeze", facts, facts.freeze, (freeze) => {
    const unfreeze = `\`npm run unfreeze ${facts.email}\``;
    const since = freeze.frozenAt ? ` since ${freeze.frozenAt}` : "";
    if (freeze.scpAttached) {
        return problem("freeze", `frozen${since}: the freeze SCP is attached to their account, only reading, stopping and deleting work`,
            `${unfreeze} (raise their budget first, or the next spend update freezes them again).`);
    }
    const action = freeze.action;
    if (action.kind === "reverse") {
        return problem("freeze", "Budgets says the freeze ran, but the freeze SCP is not attached (detached by hand?)",
            `${unfreeze} resets the budget action, so it can freeze them again at 100%.`);
    }
    if (action.kind === "busy") {
        return problem("freeze", `Budgets is changing the freeze right now (${action.statuses.join(", ")})`, "Wait a few minutes and run doctor again.");
    }
    if (action.kind === "no-action") {
        return workshop.budgetFreeze
            ? problem("freeze", "not frozen, and their budget has no freeze action: nothing stops them at 100%", "`npm run up` creates it.")
            : ok("freeze", "not frozen (budgetFreeze is off for this workshop)");
    }
    return ok("freeze", `not frozen (freeze action ${action.statuses.join(", ")})`);
});

/** Which alerts fired. Budgets says whether a threshold is crossed this month, not when; the alert email has the time. */
export const checkAlerts: Check = (facts) => judged("alerts", facts, facts.alerts, (alerts) => {
    const fired = alerts.filter((a) => a.inAlarm && a.type === "ACTUAL").map((a) => a.threshold).sort((a, b) => a - b);
    const forecast = alerts.some((a) => a.inAlarm && a.type === "FORECASTED") ? "; forecast over 100% (ALARM)" : "";
    if (fired.length === 0) return ok("alerts", `no alert threshold crossed this month${forecast}`);
    return ok("alerts", `crossed ${fired.map((t) => `${t}%`).join(", ")} this month, last ${fired[fired.length - 1]}%` +
        ` (Budgets records no time; the alert email has it)${forecast}`);
});

const ALL: Record<CheckName, Check> = {
    "roster": checkRoster, "stack": checkStack, "account": checkAccount, "ou": checkOu, "user": checkUser,
    "user email": checkUserEmail, "assignment": checkAssignment, "permission set": checkPermissionSet,
    "welcome email": checkWelcomeEmail, "suppression": checkSuppression, "budget": checkBudget, "freeze": checkFreeze, "alerts": checkAlerts,
};

/** Every check, in order. */
export function diagnose(facts: StudentFacts, workshop: WorkshopFacts): Verdict[] {
    return CHECKS.map((name) => ALL[name](facts, workshop));
}

/** What `doctor --all` shows for a student: the first problem, else the first check that could not run. */
export function firstFinding(verdicts: Verdict[]): Verdict | undefined {
    return verdicts.find((v) => v.status === "problem") ?? verdicts.find((v) => v.status === "unknown");
}
