import { expect } from "chai";

import { blocksUp, checkBudgetTrust, checkCallerPermissions, checkCostExplorer } from "../../../driver/doctor/org-checks";
import type { OrgFacts, OrgSettings } from "../../../driver/doctor/org-facts";

/** The organization checks whose fail shape the command test cannot reach through AWS's answers alone. */
const SETTINGS: OrgSettings = { workshopName: "aws101", permissionSetName: "aws101-student", budgetFreeze: true, guardrailScpNames: [] };
const NOW = new Date("2026-12-01T09:00:00Z");
const facts = (partial: Partial<OrgFacts>) => partial as OrgFacts;

describe("organization checks (pure)", () => {
    it("a trust policy the simulator denies for Budgets is a FAIL that blocks up, naming the budget ARN", () => {
        const v = checkBudgetTrust(facts({
            budgetTrust: { ok: true, value: { applies: true, decision: "ImplicitlyDenied", sourceArn: "arn:aws:budgets::999988887777:budget/aws101-ada", why: "no statement allows this request" } },
        }), SETTINGS, NOW);
        const verdicts = [v].flat();
        expect(verdicts[0]).to.include({ check: "budget freeze role", status: "fail" });
        expect(verdicts[0].detail).to.contain("arn:aws:budgets::999988887777:budget/aws101-ada").and.contain("ImplicitlyDenied").and.contain("nobody would be frozen");
        expect(verdicts[0].fix).to.contain("policies/budget-action-trust.json");
        expect(blocksUp(verdicts)).to.equal(true);
    });

    it("Cost Explorer and the caller's permissions are not judged when they were not asked (the check before up)", () => {
        expect(checkCostExplorer(facts({}), SETTINGS, NOW)).to.deep.equal([]);
        expect(checkCallerPermissions(facts({}), SETTINGS, NOW)).to.deep.equal([]);
    });

    it("a root-user caller is said plainly to be unsimulatable, never ok", () => {
        const [v] = [checkCallerPermissions(facts({ callerPermissions: { ok: true, value: { simulated: false, why: "arn:aws:iam::999988887777:root is not an IAM user or role" } } }), SETTINGS, NOW)].flat();
        expect(v.status).to.equal("unknown");
        expect(v.detail).to.equal("could not check: the caller cannot be simulated: arn:aws:iam::999988887777:root is not an IAM user or role");
        expect(blocksUp([v])).to.equal(false);
    });
});
