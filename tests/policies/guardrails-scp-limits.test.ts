import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import {
    FREEZE_SCP, GUARDRAIL_SCPS, guardrailVariables, loadPolicyTemplate, MAX_SCP_SIZE, MAX_SCPS_PER_TARGET, renderPolicy, renderScp,
} from "../../infra/guardrails/policy-documents";
import { PROJECT_ROOT } from "../../infra/project-root";
import { GATED_SERVICES } from "../../infra/rules/gated-services";
import { testSettings } from "../fixtures/workshop";

/**
 * Organizations' limits on SCPs: 5 per root, OU or account (FullAWSAccess included) and 5,120
 * characters each, whitespace included.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */

/** A workshop that uses every list generously: several regions, many sizes, nothing opened (the longest closed-service list). */
const LONG_CONFIG: Record<string, string> = {
    allowedRegions: "us-east-1,us-east-2,us-west-2,eu-west-1,eu-central-1,ap-southeast-2",
    allowedInstanceTypes: "t3.nano,t3.micro,t3.small,t3.medium,t3.large,t3.xlarge,t3a.micro,t3a.small,t3a.medium,t4g.micro,t4g.small,t4g.medium," +
        "m5.large,m7i.large,c5.large,c7i.large,g4dn.xlarge,g6.xlarge",
    allowedDbInstanceClasses: "db.t3.micro,db.t3.small,db.t3.medium,db.t3.large,db.t4g.micro,db.t4g.small,db.t4g.medium,db.t4g.large,db.m5.large,db.r6g.large",
    allowedSageMakerInstanceTypes: "system,ml.t3.medium,ml.t3.large,ml.t3.xlarge,ml.m5.large,ml.m5.xlarge,ml.c5.xlarge,ml.g4dn.xlarge,ml.g5.xlarge," +
        "ml.p3.2xlarge,ml.inf2.xlarge,ml.trn1.2xlarge",
};

describe("guardrail SCPs within Organizations' limits", function () {
    it("the workshop OU carries its guardrails and FullAWSAccess within the per-target limit", () => {
        expect(Object.keys(GUARDRAIL_SCPS).length + 1).to.be.at.most(MAX_SCPS_PER_TARGET);
    });

    it("the freeze SCP fits in the size limit (Budgets attaches it to the account, beside that account's FullAWSAccess)", () => {
        expect(renderScp(FREEZE_SCP, {}).length).to.be.at.most(MAX_SCP_SIZE);
    });

    for (const [label, config] of [["default settings", {}], ["a long config", LONG_CONFIG]] as const) {
        for (const name of Object.values(GUARDRAIL_SCPS)) {
            it(`${name} fits in ${MAX_SCP_SIZE} characters with ${label}`, () => {
                const text = renderScp(name, guardrailVariables(testSettings(config)));
                expect(text.length).to.be.at.most(MAX_SCP_SIZE);
            });
        }
    }

    it("sends the SCP minified: whitespace counts against the limit", () => {
        for (const name of Object.values(GUARDRAIL_SCPS)) {
            const text = renderScp(name, guardrailVariables(testSettings()));
            expect(text).to.equal(JSON.stringify(JSON.parse(text)));
            expect(text).not.to.match(/\n/);
        }
    });

    it("refuses a rendering Organizations would reject, naming the lists to shorten", () => {
        const many = Array.from({ length: 400 }, (_, i) => `m${i}.large`).join(",");
        expect(() => renderScp(GUARDRAIL_SCPS.computeLimits, guardrailVariables(testSettings({ allowedInstanceTypes: many }))))
            .to.throw(/scp-compute-limits\.json renders to \d+ characters, more than the 5120.*allowedInstanceTypes/);
    });
});

describe("allowedServices opens the services the guardrails close", function () {
    const unsized = (config: Record<string, string>) => renderPolicy(loadPolicyTemplate(GUARDRAIL_SCPS.serviceLimits), guardrailVariables(testSettings(config)))
        .Statement.find((s) => s.Sid === "DenyUnsizedServices");

    it("closes every gated service by default", () => {
        const actions = Object.values(GATED_SERVICES).flatMap((s) => s.actions);
        expect(unsized({})?.Action).to.have.members(actions);
    });

    it("leaves out exactly the services listed", () => {
        const action = unsized({ allowedServices: "eks,aurora-limitless" })?.Action as string[];
        expect(action).not.to.include.members(["eks:*", "rds:CreateDBShardGroup"]);
        expect(action).to.include.members(["redshift:*", "aoss:*"]);
    });

    it("drops the statement when every service is opened (IAM rejects an empty Action)", () => {
        const policy = renderPolicy(loadPolicyTemplate(GUARDRAIL_SCPS.serviceLimits), guardrailVariables(testSettings({ allowedServices: Object.keys(GATED_SERVICES).join(",") })));
        expect(policy.Statement.map((s) => s.Sid)).to.deep.equal(["DenyDbClassesAtCreate", "DenyDbClassChanges", "DenySageMakerInstanceTypes"]);
    });
});

describe("the README's list of closed services", function () {
    it("documents every id allowedServices accepts", () => {
        const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
        const missing = Object.keys(GATED_SERVICES).filter((id) => !readme.includes(`| \`${id}\` |`));
        expect(missing).to.deep.equal([]);
    });
});
