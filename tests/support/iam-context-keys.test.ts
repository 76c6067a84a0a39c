import type { Simulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";

import { ALLOW_ALL, simulate } from "./iam-simulation";

/**
 * The simulation harness refuses a request that carries a condition key AWS would not send for
 * its action, resource type and principal, and names the key, the action and the resource type.
 */

const MANAGEMENT = "111111111111";
const ORG = "o-exampleorg1";
const USER = `arn:aws:iam::${MANAGEMENT}:user/instructor`;
const SESSION = `arn:aws:sts::${MANAGEMENT}:assumed-role/Admin/instructor`;
const MEMBER_ACCOUNT = `arn:aws:organizations::${MANAGEMENT}:account/${ORG}/222222222222`;

function request(action: string, resource: string, contextVariables: Record<string, string | string[]>, principal = USER): Simulation {
    return {
        request: { principal, action, resource: { resource, accountId: MANAGEMENT }, contextVariables },
        identityPolicies: [{ name: "admin", policy: ALLOW_ALL }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
    };
}

async function refusal(simulation: Simulation): Promise<string> {
    try {
        await simulate(simulation);
    } catch (e) {
        return (e as Error).message;
    }
    throw new Error(`${simulation.request.action} with ${Object.keys(simulation.request.contextVariables).join(", ")} was simulated, not refused`);
}

describe("IAM simulation harness: only the context keys AWS sends", () => {
    it("refuses aws:ResourceTag on account:PutAccountName (no condition keys for the action or accountInOrganization)", async () => {
        const message = await refusal(request("account:PutAccountName", `arn:aws:account::${MANAGEMENT}:account/${ORG}/222222222222`,
            { "aws:ResourceTag/workshop": "k8s-nov" }));
        expect(message).to.contain("aws:ResourceTag/workshop").and.contain("account:PutAccountName").and.contain("resource type accountInOrganization");
    });

    it("takes aws:ResourceTag where the resource type lists it (an Organizations account)", async () => {
        const verdict = await simulate(request("organizations:CloseAccount", MEMBER_ACCOUNT, { "aws:ResourceTag/workshop": "k8s-nov", "aws:PrincipalArn": USER }));
        expect(verdict.result).to.equal("Allowed");
    });

    it("takes aws:RequestTag and aws:TagKeys only on actions that list them", async () => {
        const ou = `arn:aws:organizations::${MANAGEMENT}:ou/${ORG}/ou-ab12-workshop`;
        const create = await simulate(request("organizations:CreateOrganizationalUnit", `arn:aws:organizations::${MANAGEMENT}:root/${ORG}/r-ab12`,
            { "aws:RequestTag/workshop": "k8s-nov", "aws:TagKeys": ["workshop"] }));
        expect(create.result).to.equal("Allowed");
        const message = await refusal(request("organizations:DeleteOrganizationalUnit", ou, { "aws:RequestTag/workshop": "k8s-nov" }));
        expect(message).to.contain("aws:RequestTag/workshop").and.contain("organizations:DeleteOrganizationalUnit").and.contain("resource type organizationalunit");
    });

    it("refuses the service-to-service keys from a principal that is not a service", async () => {
        const message = await refusal(request("sts:AssumeRole", `arn:aws:iam::${MANAGEMENT}:role/freeze`, { "aws:SourceArn": `arn:aws:budgets::${MANAGEMENT}:budget/x` }));
        expect(message).to.contain("aws:SourceArn").and.contain("sts:AssumeRole").and.contain("resource type role").and.contain("AWS service principal");
        const fromBudgets = request("sts:AssumeRole", `arn:aws:iam::${MANAGEMENT}:role/freeze`,
            { "aws:SourceArn": `arn:aws:budgets::${MANAGEMENT}:budget/x`, "aws:SourceAccount": MANAGEMENT }, "budgets.amazonaws.com");
        expect((await simulate({ ...fromBudgets, identityPolicies: [] })).result).to.equal("ImplicitlyDenied");
    });

    it("refuses aws:username for a role session and the principal keys for a service", async () => {
        expect(await refusal(request("s3:GetObject", "arn:aws:s3:::bucket/key", { "aws:username": "instructor" }, SESSION)))
            .to.contain("aws:username").and.contain("only when the principal is an IAM user");
        expect(await refusal(request("s3:GetObject", "arn:aws:s3:::bucket/key", { "aws:username": "instructor" }, `arn:aws:iam::${MANAGEMENT}:role/Admin`)))
            .to.contain('principal of kind "role session"');
        expect(await refusal(request("sts:AssumeRole", `arn:aws:iam::${MANAGEMENT}:role/freeze`, { "aws:PrincipalArn": USER }, "budgets.amazonaws.com")))
            .to.contain("aws:PrincipalArn");
    });

    it("refuses a principal whose global keys it cannot tell", async () => {
        expect(await refusal(request("s3:GetObject", "arn:aws:s3:::bucket/key", {}, "instructor"))).to.contain("principal instructor");
    });

    it("refuses the resource's account keys on an action that takes no resource", async () => {
        expect(await refusal(request("organizations:CreateAccount", "*", { "aws:ResourceOrgID": ORG })))
            .to.contain("aws:ResourceOrgID").and.contain("organizations:CreateAccount on no resource type");
    });

    it("refuses a key the action does not take on every resource type a \"*\" stands for", async () => {
        // MoveAccount touches an account, an OU and a root: all three list aws:ResourceTag, so "*" may carry it...
        expect((await simulate(request("organizations:MoveAccount", "*", { "aws:ResourceTag/workshop": "k8s-nov" }))).result).to.equal("Allowed");
        // ...but no Identity Store resource type does.
        expect(await refusal(request("identitystore:DeleteUser", "*", { "aws:ResourceTag/workshop": "k8s-nov" })))
            .to.contain("identitystore:DeleteUser on resource type");
    });
});
