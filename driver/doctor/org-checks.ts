import { checkCloseQuota } from "../aws/close-quota";
import { adviseOnError } from "../aws/error-advice";
import type { Answer } from "./facts";
import type { OrgFacts, OrgSettings, ScpTarget } from "./org-facts";

/**
 * Is this organization ready for this workshop? Pure: AWS's answers (driver/doctor/org-facts.ts)
 * in, one verdict per check out, each with the AWS page it rests on. "fail" stops `up` before any
 * change; "warn" is shown and `up` goes on; "unknown" (AWS did not answer) is never taken for ok.
 */

export type OrgStatus = "ok" | "warn" | "fail" | "unknown";

export interface OrgVerdict {
    check: string;
    status: OrgStatus;
    detail: string;
    /** The exact fix (console path or CLI command); present for everything but ok. */
    fix?: string;
    /** The AWS documentation the check rests on. */
    doc: string;
}

const DOCS = {
    allFeatures: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_org_support-all-features.html",
    management: "https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html",
    scpEnable: "https://docs.aws.amazon.com/organizations/latest/userguide/enable-policy-type.html",
    accountQuota: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html",
    closeQuota: "https://docs.aws.amazon.com/organizations/latest/APIReference/API_CloseAccount.html",
    identityCenter: "https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_ListInstances.html",
    identitySource: "https://docs.aws.amazon.com/singlesignon/latest/userguide/manage-your-identity-source.html",
    permissionSet: "https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreatePermissionSet.html",
    ouParent: "https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganizationalUnit.html",
    scpPerTarget: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html#min-max-values",
    suspendedOu: "https://docs.aws.amazon.com/whitepapers/latest/organizing-your-aws-environment/suspended-ou.html",
    trustedAccess: "https://docs.aws.amazon.com/accounts/latest/reference/using-orgs-trusted-access.html",
    sesSandbox: "https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html",
    sesQuota: "https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas.html",
    sesIdentity: "https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html",
    budgetTrust: "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-controls.html",
    costExplorer: "https://docs.aws.amazon.com/cost-management/latest/userguide/ce-enable.html",
    simulate: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html",
} as const;

type Check = (facts: OrgFacts, settings: OrgSettings, now: Date) => OrgVerdict | OrgVerdict[];

const verdict = (check: string, doc: string) => ({
    ok: (detail: string): OrgVerdict => ({ check, status: "ok", detail, doc }),
    warn: (detail: string, fix: string): OrgVerdict => ({ check, status: "warn", detail, fix, doc }),
    fail: (detail: string, fix: string): OrgVerdict => ({ check, status: "fail", detail, fix, doc }),
    unknown: (error: string, fix?: string): OrgVerdict => ({
        check, status: "unknown", detail: `could not check: ${error}`, doc,
        fix: fix ?? adviseOnError(error) ?? "Fix what the error says (the instructor policy, `npm run driver -- instructor-policy`, grants every read doctor needs) and run doctor again.",
    }),
});

/** Runs `judge` when every answer it needs came back; otherwise "could not check" with the first error. */
function judged<T extends unknown[]>(v: ReturnType<typeof verdict>, answers: { [K in keyof T]: Answer<T[K]> }, judge: (...values: T) => OrgVerdict): OrgVerdict {
    const failed = answers.find((a) => !a.ok);
    if (failed && !failed.ok) return v.unknown(failed.error);
    return judge(...(answers.map((a) => (a as { value: unknown }).value) as T));
}

export const checkOrganization: Check = (facts) => {
    const v = verdict("organization", DOCS.allFeatures);
    return judged(v, [facts.organization], (org) => {
        if (org.featureSet !== "ALL") {
            return v.fail(`the organization has only ${org.featureSet} features: SCPs, and with them every guardrail, need all features`,
                "Organizations console > Settings > Enable all features (every member account must approve; `aws organizations enable-all-features`).");
        }
        if (org.callerAccountId !== org.managementAccountId) {
            return verdict("organization", DOCS.management).fail(
                `these credentials are of account ${org.callerAccountId}, not the management account ${org.managementAccountId}: ` +
                "only the management account can create accounts (a delegated administrator cannot)",
                `Run with credentials of account ${org.managementAccountId} (AWS_PROFILE, or the stack's aws:profile).`);
        }
        return v.ok(`all features enabled; the caller is the management account ${org.managementAccountId}`);
    });
};

export const checkScpPolicyType: Check = (facts) => {
    const v = verdict("SCPs on the root", DOCS.scpEnable);
    return judged(v, [facts.organization], (org) => {
        const status = org.rootPolicyTypes.SERVICE_CONTROL_POLICY;
        if (status === "ENABLED") return v.ok(`the SERVICE_CONTROL_POLICY type is enabled on root ${org.rootId}`);
        return v.fail(`the SERVICE_CONTROL_POLICY type is ${status ? status.toLowerCase().replace("_", " ") : "not enabled"} on root ${org.rootId}: no guardrail could be attached`,
            `\`aws organizations enable-policy-type --root-id ${org.rootId} --policy-type SERVICE_CONTROL_POLICY\` (or Organizations console > Policies > Service control policies > Enable).`);
    });
};

/** Quota requests in round tens: what an instructor types into Service Quotas. */
const roundUp = (n: number) => Math.ceil(n / 10) * 10;

export const checkAccountQuota: Check = (facts) => {
    const v = verdict("account quota", DOCS.accountQuota);
    return judged(v, [facts.accountQuota, facts.accounts, facts.delta], (quota, accounts, delta) => {
        const need = accounts.total + delta.toCreate;
        const counted = `${accounts.total} account(s) in the organization (${accounts.closing} SUSPENDED or closing, which count for 90 days after closing)` +
            ` + ${delta.toCreate} this \`up\` creates = ${need}; quota "${quota.quotaName}" is ${quota.value}${quota.source === "default" ? " (AWS's default)" : ""}`;
        const request = `Service Quotas console > AWS services > AWS Organizations > ${quota.quotaName} > Request increase at account level` +
            ` (\`aws service-quotas request-service-quota-increase --service-code organizations --quota-code ${quota.quotaCode} --desired-value`;
        if (need > quota.value) {
            const room = Math.max(0, quota.value - accounts.total);
            const desired = roundUp(need + 5);
            return v.fail(`${counted}: ${need - quota.value} account(s) short`,
                `You need ${need}; your quota is ${quota.value}: request ${desired} in ${request} ${desired}\`, usually approved in hours), ` +
                `or start with ${room} student(s).`);
        }
        // Headroom for the students added on the day (add-student), which each take one more account.
        const spare = quota.value - need;
        if (spare < Math.max(2, Math.ceil(delta.rosterEmails.length * 0.1))) {
            const desired = roundUp(need + Math.max(5, Math.ceil(delta.rosterEmails.length * 0.2)));
            return v.warn(`${counted}: ${spare} to spare for students added on the day`,
                `Request ${desired} in ${request} ${desired}\`) before the workshop.`);
        }
        return v.ok(`${counted}: ${spare} to spare`);
    });
};

export const checkCloseQuotaVerdict: Check = (facts, _settings, now) => {
    const v = verdict("close quota", DOCS.closeQuota);
    return judged(v, [facts.accounts, facts.delta], (accounts, delta) => {
        if (delta.toClose === 0) return v.ok("this `up` closes no account");
        const check = checkCloseQuota(delta.toClose, accounts, "up", now);
        return check.mayRefuse
            ? v.warn(check.message, "Nothing to do before `up`: accounts Organizations refuses wait, parked, for the next run on the date above.")
            : v.ok(check.message);
    });
};

export const checkIdentityCenter: Check = (facts, settings) => {
    const v = verdict("Identity Center", DOCS.identityCenter);
    return judged(v, [facts.identityCenter], (ic) => {
        const configured = settings.identityCenterInstanceArn;
        if (!configured || !settings.identityStoreId) {
            return v.fail("the stack config lacks identityCenterInstanceArn or identityStoreId",
                "IAM Identity Center console > Settings: copy the instance ARN and identity store ID into Pulumi.<stack>.yaml.");
        }
        if (!ic.instance) {
            return v.fail(`no Identity Center instance ${configured} in ${ic.region}, the stack's aws:region` +
                (ic.otherInstances.length ? ` (there: ${ic.otherInstances.join(", ")})` : " (none there)"),
                "Set the stack's aws:region to the region of your Identity Center instance (console > IAM Identity Center, the region shown under Settings), " +
                "or correct workshop-accounts:identityCenterInstanceArn.");
        }
        if (ic.instance.identityStoreId !== settings.identityStoreId) {
            return v.fail(`instance ${configured} uses identity store ${ic.instance.identityStoreId}, the config says ${settings.identityStoreId}`,
                `\`pulumi config set workshop-accounts:identityStoreId ${ic.instance.identityStoreId}\`.`);
        }
        if (ic.instance.status && ic.instance.status !== "ACTIVE") {
            return v.fail(`instance ${configured} is ${ic.instance.status}`, "Wait until it is ACTIVE (IAM Identity Center console), then run doctor again.");
        }
        return v.ok(`instance ${configured} with identity store ${settings.identityStoreId} in ${ic.region}`);
    });
};

/** No AWS API names an instance's identity source, so this one is for the instructor's eyes. */
export const checkIdentitySource: Check = () => verdict("identity source", DOCS.identitySource).unknown(
    "AWS has no API that reads an Identity Center instance's identity source",
    "IAM Identity Center console > Settings > Identity source must say \"Identity Center directory\": with Active Directory or an " +
    "external identity provider, `up` cannot create the students' users.");

export const checkPermissionSetName: Check = (facts, settings) => {
    const v = verdict("permission set", DOCS.permissionSet);
    return judged(v, [facts.identityCenter], (ic) => {
        const name = settings.permissionSetName;
        const existing = ic.permissionSetWithOurName;
        if (!existing) return v.ok(`no permission set is named ${name} yet: \`up\` creates it`);
        if (existing === settings.permissionSetArn) return v.ok(`${name} is this stack's (${existing})`);
        return v.fail(`a permission set named ${name} already exists (${existing}) and is not this stack's: CreatePermissionSet would fail with ConflictException`,
            "Choose another workshopName, or delete that permission set (IAM Identity Center console > Permission sets) if it is left over from an old workshop.");
    });
};

export const checkParentOu: Check = (facts) => {
    const v = verdict("workshop OU parent", DOCS.ouParent);
    return judged(v, [facts.ous], (ous) => {
        if (ous.parent) return v.ok(`${ous.parent.id} exists`);
        return v.fail("workshop-accounts:parentOuId names an OU that does not exist in this organization",
            "`aws organizations list-organizational-units-for-parent --parent-id <root id>` lists the OUs; set parentOuId to one of them, or remove it to use the root.");
    });
};

const isFullAwsAccess = (scp: ScpTarget["scps"][number]) => scp.id === "p-FullAWSAccess" || scp.name === "FullAWSAccess";

export const checkWorkshopOuScps: Check = (facts, settings) => {
    const v = verdict("workshop OU SCPs", DOCS.scpPerTarget);
    return judged(v, [facts.ous], (ous) => {
        const ours = settings.guardrailScpNames.length;
        if (!ous.workshopOu) return v.ok(`the workshop OU will carry FullAWSAccess and the ${ours} guardrail SCPs: ${ours + 1} of 5`);
        const { id, scps } = ous.workshopOu;
        const foreign = scps.filter((s) => !isFullAwsAccess(s) && !settings.guardrailScpNames.includes(s.name));
        const total = 1 + ours + foreign.length;
        if (total > 5) {
            return v.fail(`OU ${id} carries ${foreign.length} SCP(s) not from this stack (${foreign.map((s) => s.name).join(", ")}): ` +
                `with FullAWSAccess and the ${ours} guardrails that is ${total}, and Organizations allows 5 per OU`,
                `Detach what does not belong there: \`aws organizations detach-policy --target-id ${id} --policy-id <id>\` (ids: ${foreign.map((s) => s.id).join(", ")}).`);
        }
        if (!scps.some(isFullAwsAccess)) {
            return v.fail(`OU ${id} has no FullAWSAccess SCP: an SCP only allows what it lists, so the students could do nothing`,
                `\`aws organizations attach-policy --target-id ${id} --policy-id p-FullAWSAccess\`.`);
        }
        return v.ok(`OU ${id} carries ${scps.length} SCP(s) and will carry ${total} of 5`);
    });
};

export const checkSuspendedOu: Check = (facts) => {
    const v = verdict("Suspended OU", DOCS.suspendedOu);
    return judged(v, [facts.ous], (ous) => {
        const ou = ous.suspendedOu;
        if (!ou) {
            return v.fail(`${ous.suspendedOuWanted} does not exist: accounts are parked there before they are closed`,
                "Create it once, under the root: `aws organizations create-organizational-unit --parent-id <root id> --name Suspended`, " +
                "then attach a deny-all SCP (README, Cleanup); or set workshop-accounts:suspendedOuId to the OU to use.");
        }
        if (!ou.scps.some((s) => s.denyAll)) {
            return v.warn(`OU ${ou.id} has no deny-all SCP: a parked account that is not closed yet could still be used`,
                `Attach one: \`aws organizations create-policy --type SERVICE_CONTROL_POLICY --name deny-all --description "Suspended OU" ` +
                `--content '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}'\`, then ` +
                `\`aws organizations attach-policy --target-id ${ou.id} --policy-id <its id>\`.`);
        }
        return v.ok(`OU ${ou.id} exists with a deny-all SCP`);
    });
};

export const checkTrustedAccess: Check = (facts) => {
    const v = verdict("account renames", DOCS.trustedAccess);
    return judged(v, [facts.trustedAccess, facts.delta], (trusted, delta) => {
        if (trusted.accountManagement) return v.ok("trusted access for account.amazonaws.com is enabled: account names can follow the roster");
        const fix = "`aws organizations enable-aws-service-access --service-principal account.amazonaws.com`.";
        if (delta.toRename > 0) {
            return v.fail(`this \`up\` renames ${delta.toRename} account(s), which needs trusted access for account.amazonaws.com (AWS Account Management)`, fix);
        }
        return v.warn("trusted access for account.amazonaws.com is off: a student whose name changes later cannot have their account renamed", fix);
    });
};

export const checkSes: Check = (facts) => {
    const sending = verdict("SES sending", DOCS.sesSandbox);
    const quota = verdict("SES quota", DOCS.sesQuota);
    const from = verdict("SES From", DOCS.sesIdentity);
    if (!facts.ses.ok) return [sending.unknown(facts.ses.error), quota.unknown(facts.ses.error), from.unknown(facts.ses.error)];
    if (!facts.delta.ok) return [sending.unknown(facts.delta.error)];
    const ses = facts.ses.value;
    const students = facts.delta.value.rosterEmails.length;
    const verdicts: OrgVerdict[] = [];
    if (!ses.sendingEnabled) {
        verdicts.push(sending.fail(`sending is disabled for this account in ${ses.region}`,
            "SES console > Account dashboard: see why AWS paused sending; `aws sesv2 put-account-sending-attributes --sending-enabled` once resolved."));
    } else if (ses.productionAccess) {
        verdicts.push(sending.ok(`production access in ${ses.region}`));
    } else if (ses.unverifiedRecipients.length === 0) {
        verdicts.push(sending.warn(`the account is in the SES sandbox in ${ses.region}; every one of the ${students} student address(es) is verified, so they can be emailed`,
            `Request production access before adding students: SES console (${ses.region}) > Account dashboard > Request production access.`));
    } else {
        const shown = ses.unverifiedRecipients.slice(0, 3).join(", ") + (ses.unverifiedRecipients.length > 3 ? ", ..." : "");
        verdicts.push(sending.fail(`the account is in the SES sandbox in ${ses.region}: it sends only to verified addresses, ` +
            `and ${ses.unverifiedRecipients.length} of the ${students} student address(es) are not (${shown})`,
            `Request production access: SES console (${ses.region}) > Account dashboard > Request production access ` +
            "(`aws sesv2 put-account-details --production-access-enabled --mail-type TRANSACTIONAL --website-url <url> --use-case-description <text>`; usually a day).`"));
    }
    const left = Math.max(0, ses.max24HourSend - ses.sentLast24Hours);
    const minutes = ses.maxSendRate > 0 ? Math.ceil(students / ses.maxSendRate / 60) : Infinity;
    const numbers = `${students} welcome email(s) against ${left} of ${ses.max24HourSend} left in 24 hours, ${ses.maxSendRate}/s (about ${minutes} minute(s))`;
    if (students > left) {
        verdicts.push(quota.fail(`${numbers}: ${students - left} would have to wait a day`,
            `Request a higher sending quota: Service Quotas console (${ses.region}) > Amazon SES > Sending quota, at least ${roundUp(students + ses.sentLast24Hours)}.`));
    } else {
        verdicts.push(quota.ok(numbers));
    }
    verdicts.push(ses.fromVerified
        ? from.ok(`${ses.from} is verified for sending in ${ses.region}`)
        : from.fail(`${ses.from}, the welcome emails' From address, is not verified in ${ses.region} (nor its domain)`,
            `\`aws sesv2 create-email-identity --email-identity ${ses.from} --region ${ses.region}\` and click the link AWS emails, ` +
            "or set workshop-accounts:senderEmail to a verified address."));
    return verdicts;
};

export const checkBudgetTrust: Check = (facts) => {
    const v = verdict("budget freeze role", DOCS.budgetTrust);
    return judged(v, [facts.budgetTrust], (trust) => {
        if (!trust.applies) return v.ok("budgetFreeze is off: there is no role for Budgets to assume");
        if (trust.decision === "Allowed") return v.ok(`the rendered trust policy lets budgets.amazonaws.com assume the role for ${trust.sourceArn} (simulated)`);
        return v.fail(`the rendered trust policy (policies/budget-action-trust.json) does not let budgets.amazonaws.com assume the role for ${trust.sourceArn}: ` +
            `${trust.decision}${trust.why ? ` (${trust.why})` : ""}; a budget action would fail and nobody would be frozen`,
            "Correct policies/budget-action-trust.json so its aws:SourceArn matches the budgets' ARNs (arn:aws:budgets::<account>:budget/<name>).");
    });
};

export const checkCostExplorer: Check = (facts) => {
    const v = verdict("Cost Explorer", DOCS.costExplorer);
    if (!facts.costExplorer) return [];
    return judged(v, [facts.costExplorer], (ce) => ce.enabled
        ? v.ok("enabled (`report` can split costs per student)")
        : v.warn(`not available: ${ce.reason ?? "not enabled"}; \`report\` needs it (nothing else does)`,
            "Billing and Cost Management console > Cost Explorer > Launch Cost Explorer (data appears within 24 hours)."));
};

export const checkCallerPermissions: Check = (facts) => {
    const v = verdict("your permissions", DOCS.simulate);
    if (!facts.callerPermissions) return [];
    return judged(v, [facts.callerPermissions], (caller) => {
        if (!caller.simulated) {
            return v.unknown(`the caller cannot be simulated: ${caller.why}`,
                "Nothing to do if `up` works for you; to see the check, run with an IAM user or role allowed iam:SimulatePrincipalPolicy on itself.");
        }
        const conditional = caller.conditional.length ? `; ${caller.conditional.length} depend on tags or conditions and were not judged` : "";
        if (caller.denied.length === 0) return v.ok(`${caller.principalArn} may do all ${caller.actions} action(s) of policies/instructor-policy.json${conditional}`);
        return v.warn(`${caller.principalArn} is denied ${caller.denied.length} of ${caller.actions} action(s) \`up\` may need: ${caller.denied.join(", ")}${conditional}`,
            "Attach the instructor policy: `npm run driver -- instructor-policy --out instructor-policy.json`, then attach it to that user or role.");
    });
};

/** Every organization check, in the order an instructor fixes things. */
export const ORG_CHECKS: Check[] = [
    checkOrganization, checkScpPolicyType, checkAccountQuota, checkCloseQuotaVerdict, checkIdentityCenter, checkIdentitySource,
    checkPermissionSetName, checkParentOu, checkWorkshopOuScps, checkSuspendedOu, checkTrustedAccess, checkSes, checkBudgetTrust,
    checkCostExplorer, checkCallerPermissions,
];

export function diagnoseOrganization(facts: OrgFacts, settings: OrgSettings, now: Date): OrgVerdict[] {
    return ORG_CHECKS.flatMap((check) => check(facts, settings, now));
}

/** True when `up` must stop before any change. */
export function blocksUp(verdicts: OrgVerdict[]): boolean {
    return verdicts.some((v) => v.status === "fail");
}
