import { BudgetsClient, DescribeBudgetsCommand } from "@aws-sdk/client-budgets";
import { CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";

import { costBudget, simulatedBudgets } from "../../../driver/costs/simulated-budgets";
import { fixtureOutputMap } from "../../fixtures/outputs";
import { awsWith, testAwsClients } from "../../support/aws";
import { FakeEngine } from "../../support/fake-engine";
import { runCli } from "../../support/run-cli";

/** Clients of their own, mocked per test: nothing in this file can reach AWS or another file's mocks. */
function budgetsAnswering(...budgets: Parameters<typeof simulatedBudgets>[0]): { budgets: BudgetsClient; organizations: OrganizationsClient } {
    const clients = { budgets: testAwsClients().client(BudgetsClient), organizations: testAwsClients().client(OrganizationsClient) };
    mockClient(clients.budgets).on(DescribeBudgetsCommand).callsFake(simulatedBudgets(budgets));
    mockClient(clients.organizations).on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-abc123", MasterAccountId: "999999999999" } });
    return clients;
}

describe("status", () => {
    const run = (clients: { budgets: BudgetsClient; organizations: OrganizationsClient }) => {
        const costExplorer = testAwsClients().client(CostExplorerClient);
        const ce = mockClient(costExplorer);
        return runCli(["status"], { engine: new FakeEngine({ outputs: fixtureOutputMap() }),
            context: { aws: awsWith(clients.budgets, clients.organizations, costExplorer) } })
            .then((result) => ({ ...result, costExplorerCalls: ce.calls().length }));
    };

    it("shows each student's spend from AWS Budgets next to their budget, and the master budget's total", async () => {
        const result = await run(budgetsAnswering(
            costBudget("aws101-ada", { actualUsd: 12.5, includeCredit: false }),
            costBudget("aws101-grace", { actualUsd: 0, includeCredit: false }),
            costBudget("aws101-linus", { actualUsd: 31.25, includeCredit: false }),
            costBudget("aws101-master", { actualUsd: 45, limitUsd: 100, includeCredit: false }),
        ));
        expect(result.exitCode, result.stderr).to.equal(0);
        const lines = result.stdout.split("\n");
        // The live meter's estimate columns sit between the actual spend and the budget; "-" before its first refresh.
        expect(lines.find((l) => l.startsWith("student"))).to.match(/account\s+state\s+spend\s+now \(est\.\)\s+since start \(est\.\)\s+budget\s+emailed$/);
        expect(lines.find((l) => l.includes("ada@students.example"))).to.match(/ready\s+\$12\.50\s+-\s+-\s+\$25\.00\s+-$/);
        expect(lines.find((l) => l.includes("linus@students.example"))).to.match(/\$31\.25\s+-\s+-\s+\$25\.00/);
        expect(lines.find((l) => l.includes("margaret@students.example")), "Budgets does not list it").to.match(/no budget\s+-\s+-\s+\$50\.00/);
        expect(result.stdout).to.contain("Workshop spend: $45.00 of the $100.00 master budget.");
        expect(result.stdout).to.contain("Spend is month to date from AWS Budgets, asked at 2026-11-23T12:00:00.000Z");
        expect(result.costExplorerCalls).to.equal(0);
    });

    it("still lists everyone when Budgets cannot be read, with ? for spend and the reason", async () => {
        const clients = budgetsAnswering();
        mockClient(clients.organizations).on(DescribeOrganizationCommand).rejects(Object.assign(new Error("not authorized to DescribeOrganization"), { name: "AccessDeniedException" }));
        const result = await run(clients);
        expect(result.exitCode).to.equal(0);
        expect(result.stderr).to.contain('Spend could not be read from AWS Budgets, so it shows "?": not authorized to DescribeOrganization');
        expect(result.stdout.split("\n").find((l) => l.includes("ada@students.example"))).to.match(/ready\s+\?\s+-\s+-\s+\$25\.00/);
    });
});
