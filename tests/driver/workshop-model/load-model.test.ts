import { BudgetsClient, DescribeBudgetsCommand } from "@aws-sdk/client-budgets";
import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import { DescribeOrganizationCommand, ListAccountsForParentCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";

import type { DriverContext } from "../../../driver/context";
import { costBudget, simulatedBudgets } from "../../../driver/costs/simulated-budgets";
import type { OutputMap } from "../../../driver/pulumi/engine";
import { dashboardLoader } from "../../../driver/workshop-model/load-model";
import { fixtureOutputMap, sampleStudent } from "../../fixtures/outputs";
import { testAwsClients } from "../../support/aws";
import { FakeEngine } from "../../support/fake-engine";

const mockBudgets = () => mockClient(BudgetsClient);
const mockCostExplorer = () => mockClient(CostExplorerClient);
const mockOrganizations = () => mockClient(OrganizationsClient);

/** The fake engine, counting outputs reads: in production each runs the Pulumi CLI. */
class CountingEngine extends FakeEngine {
    reads = 0;
    override async outputs(): Promise<OutputMap> {
        this.reads++;
        return super.outputs();
    }
}

describe("dashboardLoader", () => {
    // Mocked per suite, not at load time: another file's restore() would otherwise un-mock this one.
    let budgets: ReturnType<typeof mockBudgets>;
    let costExplorer: ReturnType<typeof mockCostExplorer>;
    let organizations: ReturnType<typeof mockOrganizations>;
    before(() => { budgets = mockBudgets(); costExplorer = mockCostExplorer(); organizations = mockOrganizations(); });
    after(() => { budgets.restore(); costExplorer.restore(); organizations.restore(); });
    let dir: string;
    let clock: Date;
    beforeEach(async () => {
        budgets.reset();
        costExplorer.reset();
        organizations.reset();
        budgets.on(DescribeBudgetsCommand).callsFake(simulatedBudgets(["aws101-ada", "aws101-grace", "serverless-101-new-at-example-com"]
            .map((name) => costBudget(name, { actualUsd: 3, includeCredit: false }))));
        organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-abc123", MasterAccountId: "999999999999" } });
        organizations.on(ListAccountsForParentCommand).resolves({ Accounts: [{ Id: "111111111111", State: "ACTIVE" }] });
        dir = await fs.mkdtemp(path.join(os.tmpdir(), "load-model-"));
        clock = new Date("2026-11-23T08:00:00Z");
    });
    afterEach(() => fs.rm(dir, { recursive: true, force: true }));

    it("over a day of polls: outputs read once until the stack changes, Budgets once per TTL, Cost Explorer never", async () => {
        const withNewStudent = fixtureOutputMap();
        withNewStudent.students = { value: { ...withNewStudent.students.value as object,
            "new-at-example-com": sampleStudent("new@example.com", "New Student", "555555555555") }, secret: false };
        const engine = new CountingEngine({ outputs: fixtureOutputMap(), config: {}, up: () => withNewStudent });
        const ctx = { engine, aws: testAwsClients(), projectDir: dir, stack: "dev", dataDir: path.join(dir, "data"), now: () => clock } as unknown as DriverContext;
        const load = dashboardLoader(ctx, { ttlMs: 30 * 60_000 });

        // 8 hours, a poll a minute.
        for (let minute = 0; minute < 480; minute++) {
            clock = new Date(Date.parse("2026-11-23T08:00:00Z") + minute * 60_000);
            const model = await load();
            expect(model.students).to.have.length(4);
        }
        expect(engine.reads, "outputs reads").to.equal(1);
        expect(budgets.commandCalls(DescribeBudgetsCommand), "one page per 30-minute TTL").to.have.length(16);
        expect(costExplorer.commandCalls(GetCostAndUsageCommand)).to.have.length(0);

        await engine.up();
        const after = await load();
        expect(engine.reads).to.equal(2);
        expect(after.students).to.have.length(5);
        expect(after.students.find((s) => s.accountId === "555555555555")!.spendUsd, "a new student misses the spend cache").to.equal(3);
        await load();
        expect(engine.reads).to.equal(2);
    });
});
