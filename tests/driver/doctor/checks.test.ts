import { expect } from "chai";

import { type CheckName, CHECKS, diagnose, firstFinding, type Verdict } from "../../../driver/doctor/checks";
import type { StudentFacts, WorkshopFacts } from "../../../driver/doctor/facts";
import type { LedgerRecord } from "../../../driver/email/ledger";
import { fixtureOutputs } from "../../fixtures/outputs";

const ADA = fixtureOutputs().students.ada;
const WORKSHOP: WorkshopFacts = {
    workshopName: "aws101", ouId: "ou-ab12-cd34ef56", budgetFreeze: true, permissionSetName: "aws101-student", rosterFile: "roster.yaml", stack: "dev",
};
const yes = <T>(value: T) => ({ ok: true as const, value });

/** A student for whom every check passes; each test below breaks one thing. */
function healthy(): StudentFacts {
    return {
        email: ADA.email,
        inRoster: yes(true),
        deployed: ADA,
        account: yes({ found: true, state: "ACTIVE" }),
        parent: yes({ id: WORKSHOP.ouId, type: "ORGANIZATIONAL_UNIT" }),
        user: yes({ found: true, userName: ADA.email, emails: [{ value: ADA.email, primary: true }], status: "ENABLED" }),
        assignment: yes({ assigned: true }),
        provisioning: yes("provisioned" as const),
        ledger: yes({ email: ADA.email, accountId: ADA.accountId, status: "sent", messageId: "m-1", sentAt: "2026-11-23T09:00:00.000Z", attempts: 1, updatedAt: "2026-11-23T09:00:00.000Z" }),
        suppression: yes({ suppressed: false }),
        budget: yes({ limitUsd: 25, actualUsd: 3.5, forecastUsd: 9 }),
        freeze: yes({ scpAttached: false, action: { kind: "not-frozen", statuses: ["STANDBY"] } }),
        alerts: yes([{ type: "ACTUAL", threshold: 50, inAlarm: false }, { type: "FORECASTED", threshold: 100, inAlarm: false }]),
    } as StudentFacts;
}

function sentRecord(facts: StudentFacts): LedgerRecord {
    if (!facts.ledger?.ok || !facts.ledger.value) throw new Error("the healthy student has a sent record");
    return facts.ledger.value;
}

function verdictOf(facts: StudentFacts, check: CheckName, workshop = WORKSHOP): Verdict {
    return diagnose(facts, workshop).find((v) => v.check === check)!;
}

describe("doctor checks (pure: what AWS said -> verdict)", () => {
    it("a healthy student passes every check, in the documented order", () => {
        const verdicts = diagnose(healthy(), WORKSHOP);
        expect(verdicts.map((v) => v.check)).to.deep.equal([...CHECKS]);
        expect(verdicts.filter((v) => v.status !== "ok"), JSON.stringify(verdicts, null, 1)).to.deep.equal([]);
        expect(firstFinding(verdicts)).to.equal(undefined);
        expect(verdicts.find((v) => v.check === "budget")!.detail).to.equal("spent $3.50 of $25.00 this month (14%, forecast $9.00)");
    });

    const cases: { name: string; check: CheckName; breaks: (f: StudentFacts) => void; detail: RegExp; fix: RegExp }[] = [
        {
            name: "not in the roster (but still deployed: the next up closes the account)", check: "roster",
            breaks: (f) => { f.inRoster = yes(false); }, detail: /^not in roster\.yaml$/, fix: /next `up` closes their account.*add-student ada@students\.example/,
        },
        {
            name: "in the roster, not in the stack", check: "stack",
            breaks: (f) => { delete f.deployed; }, detail: /^not deployed in stack dev$/, fix: /npm run up/,
        },
        {
            name: "account SUSPENDED (closed)", check: "account",
            breaks: (f) => { f.account = yes({ found: true, state: "SUSPENDED" }); }, detail: /111111111111 is SUSPENDED: nobody can sign in/, fix: /90 days.*remove-student ada@students\.example/,
        },
        {
            name: "account PENDING_CLOSURE", check: "account",
            breaks: (f) => { f.account = yes({ found: true, state: "PENDING_CLOSURE" }); }, detail: /is PENDING_CLOSURE/, fix: /add-student/,
        },
        {
            name: "account not in the organization", check: "account",
            breaks: (f) => { f.account = yes({ found: false }); }, detail: /not in this organization/, fix: /describe-organization/,
        },
        {
            name: "account in another OU", check: "ou",
            breaks: (f) => { f.parent = yes({ id: "r-ab12", type: "ROOT" }); },
            detail: /in ROOT r-ab12, not the workshop OU ou-ab12-cd34ef56: the workshop's guardrail SCPs do not apply/,
            fix: /move-account --account-id 111111111111 --source-parent-id r-ab12 --destination-parent-id ou-ab12-cd34ef56/,
        },
        {
            name: "Identity Center user deleted", check: "user",
            breaks: (f) => { f.user = yes({ found: false }); }, detail: /user 9067111111-user does not exist/, fix: /pulumi refresh --stack dev --yes.*npm run up/,
        },
        {
            name: "Identity Center user recreated by hand under another id", check: "user",
            breaks: (f) => { f.user = yes({ found: false, sameUserNameId: "u-other" }); }, detail: /another user u-other has the user name/, fix: /Delete user u-other/,
        },
        {
            name: "Identity Center user disabled", check: "user",
            breaks: (f) => { f.user = yes({ found: true, userName: ADA.email, emails: [{ value: ADA.email, primary: true }], status: "DISABLED" }); },
            detail: /is DISABLED/, fix: /Enable user access/,
        },
        {
            name: "Identity Center email differs from the roster", check: "user email",
            breaks: (f) => { f.user = yes({ found: true, userName: ADA.email, emails: [{ value: "ada@old.example", primary: true }] }); },
            detail: /one-time sign-in code to ada@old\.example/, fix: /npm run up/,
        },
        {
            name: "no account assignment", check: "assignment",
            breaks: (f) => { f.assignment = yes({ assigned: false }); }, detail: /no assignment of their user to account 111111111111/, fix: /npm run up/,
        },
        {
            name: "account assignment creation FAILED", check: "assignment",
            breaks: (f) => { f.assignment = yes({ assigned: false, latestRequest: { status: "FAILED", failureReason: "Received a 404 status error: Not supported policy" } }); },
            detail: /failed: Received a 404 status error/, fix: /npm run up/,
        },
        {
            name: "account assignment still IN_PROGRESS", check: "assignment",
            breaks: (f) => { f.assignment = yes({ assigned: false, latestRequest: { status: "IN_PROGRESS", createdDate: "2026-11-23T11:58:00.000Z" } }); },
            detail: /being created right now \(since 2026-11-23T11:58:00\.000Z\)/, fix: /reload the access portal/,
        },
        {
            name: "permission set not provisioned to the account", check: "permission set",
            breaks: (f) => { f.provisioning = yes("absent" as const); }, detail: /aws101-student is not provisioned to account 111111111111/, fix: /npm run up/,
        },
        {
            name: "permission set provisioned in an old version", check: "permission set",
            breaks: (f) => { f.provisioning = yes("outdated" as const); }, detail: /changed since it was provisioned/, fix: /provision-permission-set/,
        },
        {
            name: "welcome email never sent", check: "welcome email",
            breaks: (f) => { f.ledger = yes(undefined); }, detail: /^not sent yet$/, fix: /npm run email/,
        },
        {
            name: "welcome email failed", check: "welcome email",
            breaks: (f) => { f.ledger = yes({ ...sentRecord(f), status: "failed" as const, lastError: "MessageRejected: Email address is not verified." }); },
            detail: /failed: MessageRejected/, fix: /npm run email/,
        },
        {
            name: "welcome email in doubt (run interrupted while sending)", check: "welcome email",
            breaks: (f) => { f.ledger = yes({ ...sentRecord(f), status: "sending" as const }); }, detail: /in doubt/, fix: /--resend ada@students\.example/,
        },
        {
            name: "welcome email ledger damaged: unknown, never 'not sent'", check: "welcome email",
            breaks: (f) => { f.ledger = { ok: false, error: "LedgerDamagedError: the email ledger .workshop/dev/email-ledger.json is damaged" }; },
            detail: /^could not check: LedgerDamagedError/, fix: /Fix what the error says/,
        },
        {
            name: "address on SES's suppression list", check: "suppression",
            breaks: (f) => { f.suppression = yes({ suppressed: true, reason: "BOUNCE", since: "2026-11-22T08:00:00.000Z" }); },
            detail: /suppression list \(BOUNCE since 2026-11-22T08:00:00\.000Z\): SES drops every email/,
            fix: /npm run doctor -- ada@students\.example --unsuppress.*--resend ada@students\.example/,
        },
        {
            name: "over budget", check: "budget",
            breaks: (f) => { f.budget = yes({ limitUsd: 25, actualUsd: 26.1 }); }, detail: /spent \$26\.10 of \$25\.00 this month \(104%\): over their budget/, fix: /Raise their budget/,
        },
        {
            name: "frozen: the freeze SCP is attached", check: "freeze",
            breaks: (f) => { f.freeze = yes({ scpAttached: true, action: { kind: "reverse", actionIds: ["a-1"] }, frozenAt: "2026-11-23T10:15:00.000Z" }); },
            detail: /^frozen since 2026-11-23T10:15:00\.000Z: the freeze SCP is attached/, fix: /npm run unfreeze ada@students\.example/,
        },
        {
            name: "Budgets says frozen but the SCP is not attached", check: "freeze",
            breaks: (f) => { f.freeze = yes({ scpAttached: false, action: { kind: "reverse", actionIds: ["a-1"] } }); }, detail: /not attached \(detached by hand\?\)/, fix: /unfreeze/,
        },
        {
            name: "no freeze action although budgetFreeze is on", check: "freeze",
            breaks: (f) => { f.freeze = yes({ scpAttached: false, action: { kind: "no-action" } }); }, detail: /nothing stops them at 100%/, fix: /npm run up/,
        },
        {
            name: "AWS refused a question: unknown, never ok", check: "account",
            breaks: (f) => { f.account = { ok: false, error: "AccessDeniedException: User is not authorized to perform: organizations:DescribeAccount" }; },
            detail: /^could not check: AccessDeniedException/, fix: /instructor policy/,
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const facts = healthy();
            c.breaks(facts);
            const verdict = verdictOf(facts, c.check);
            expect(verdict.status).to.equal(c.detail.source.startsWith("^could not") ? "unknown" : "problem");
            expect(verdict.detail).to.match(c.detail);
            expect(verdict.fix).to.match(c.fix);
            expect(firstFinding(diagnose(facts, WORKSHOP))).to.deep.equal(verdict);
        });
    }

    it("a student in neither the roster nor the stack: both say so, and nothing else is checked", () => {
        const verdicts = diagnose({ email: "nobody@uni.example", inRoster: yes(false) }, WORKSHOP);
        expect(verdicts.slice(0, 2).map((v) => v.status)).to.deep.equal(["problem", "problem"]);
        expect(verdicts[0].fix).to.match(/Check the spelling/);
        expect(verdicts.slice(2).map((v) => v.status)).to.deep.equal(CHECKS.slice(2).map(() => "skipped"));
    });

    it("freeze off for the workshop: no action is fine", () => {
        const facts = healthy();
        facts.freeze = yes({ scpAttached: false, action: { kind: "no-action" } });
        expect(verdictOf(facts, "freeze", { ...WORKSHOP, budgetFreeze: false })).to.deep.include({ status: "ok", detail: "not frozen (budgetFreeze is off for this workshop)" });
    });

    it("alerts: which thresholds are crossed this month, and that Budgets keeps no time for them", () => {
        const facts = healthy();
        facts.alerts = yes([
            { type: "ACTUAL", threshold: 50, inAlarm: true }, { type: "ACTUAL", threshold: 80, inAlarm: true },
            { type: "ACTUAL", threshold: 100, inAlarm: false }, { type: "FORECASTED", threshold: 100, inAlarm: true },
        ]);
        expect(verdictOf(facts, "alerts")).to.deep.equal({
            check: "alerts", status: "ok",
            detail: "crossed 50%, 80% this month, last 80% (Budgets records no time; the alert email has it); forecast over 100% (ALARM)",
        });
    });

    it("after --unsuppress the address counts as fixed", () => {
        const facts = healthy();
        facts.suppression = yes({ suppressed: true, reason: "COMPLAINT", removed: true });
        expect(verdictOf(facts, "suppression")).to.deep.include({ status: "ok", detail: "removed from SES's suppression list just now (was COMPLAINT)" });
    });
});
