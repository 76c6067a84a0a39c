import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import { GUARDRAIL_SCPS, guardrailVariables, loadPolicyTemplate, POLICIES_DIR, renderPolicy } from "../../infra/guardrails/policy-documents";
import { PROJECT_ROOT } from "../../infra/project-root";
import { testSettings } from "../fixtures/workshop";
import { actionProblem, conditionKeyProblem, policyNameProblems } from "../support/iam-actions";

/**
 * IAM accepts a policy that names an action no service has: a misspelt Deny then blocks
 * nothing. Every name in policies/ is checked against AWS's published reference instead.
 */

const POLICY_FILES = fs.readdirSync(POLICIES_DIR).filter((f) => f.endsWith(".json")).sort();
const GUARDRAILS: string[] = Object.values(GUARDRAIL_SCPS);

/**
 * A guardrail SCP as `up` renders it with the default settings, where a whole list of actions can
 * come from config (every closed service, by default); any other document as written.
 */
function policyAsChecked(file: string): { Statement: unknown } {
    const name = path.basename(file, ".json");
    if (path.dirname(file) === POLICIES_DIR && GUARDRAILS.includes(name)) {
        return renderPolicy(loadPolicyTemplate(name), guardrailVariables(testSettings()));
    }
    return JSON.parse(fs.readFileSync(file, "utf8"));
}

describe("policy documents name real actions and condition keys", function () {
    it("finds the policy documents", () => {
        expect(POLICY_FILES).to.include.members(["scp-regions.json", "scp-freeze.json", "instructor-policy.json"]);
    });

    for (const file of [...POLICY_FILES.map((f) => path.join(POLICIES_DIR, f)), path.join(PROJECT_ROOT, "tests", "fixtures", "power-user-access.json")]) {
        it(path.relative(PROJECT_ROOT, file), async () => {
            const problems = await policyNameProblems(policyAsChecked(file));
            expect(problems.map((p) => `${p.path}: ${p.message}`)).to.deep.equal([]);
        });
    }
});

describe("the action-name checker", function () {
    const actions: { action: string; real: boolean }[] = [
        { action: "ec2:RunInstances", real: true },
        { action: "EC2:runinstances", real: true },
        { action: "ec2:Describe*", real: true },
        { action: "s3:Get?bject", real: true },
        { action: "*", real: true },
        { action: "iam:*", real: true },
        { action: "ec2:RunInstance", real: false },
        { action: "ec2:Describ*Foo", real: false },
        { action: "*:Describe*", real: false },
        { action: "s3x:GetObject", real: false },
        { action: "ec2", real: false },
        { action: "ec2:", real: false },
    ];
    for (const { action, real } of actions) {
        it(`${real ? "accepts" : "rejects"} ${action}`, async () => {
            const problem = await actionProblem(action);
            if (real) expect(problem).to.equal(undefined);
            else expect(problem).to.be.a("string").and.contain(action);
        });
    }

    const keys: { key: string; real: boolean }[] = [
        { key: "aws:RequestedRegion", real: true },
        { key: "aws:PrincipalARN", real: true },
        { key: "aws:PrincipalTag/team", real: true },
        { key: "ec2:InstanceType", real: true },
        { key: "ec2:Attribute/InstanceType", real: true },
        { key: "ec2:InstanceTyp", real: false },
        { key: "aws:RequestRegion", real: false },
    ];
    for (const { key, real } of keys) {
        it(`${real ? "accepts" : "rejects"} condition key ${key}`, async () => {
            expect(await conditionKeyProblem(key)).to.equal(real ? undefined : `condition key "${key}" is neither a global key nor a key of its service`);
        });
    }

    it("reports a misspelt action and condition key in a whole document, with their place", async () => {
        const problems = await policyNameProblems({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Deny", Action: ["ec2:RunInstances", "ec2:TerminateInstance"], Resource: "*" },
                { Effect: "Deny", NotAction: "s3:Get*", Resource: "*", Condition: { StringNotEquals: { "ec2:InstanceTyp": "t3.micro" } } },
            ],
        });
        expect(problems.map((p) => p.path)).to.deep.equal(["Statement[0].Action[1]", "Statement[1].Condition.StringNotEquals"]);
        expect(problems[0].message).to.contain("ec2:TerminateInstance");
    });
});
