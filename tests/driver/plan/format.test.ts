import { expect } from "chai";

import { describeCounts, planJson, planMarkdown, planSummaryLines, summarizeResources } from "../../../driver/plan/format";
import { groupChanges, studentKeyOfResource } from "../../../driver/plan/groups";
import { progressBar } from "../../../driver/plan/progress";
import type { ResourceChange, ResourceOp } from "../../../driver/pulumi/engine";
import { renderTable } from "../../../driver/ui/table";

const ACCOUNT = "aws:organizations/account:Account";
const BUDGET = "aws:budgets/budget:Budget";
const USER = "aws:identitystore/user:User";

function change(op: ResourceOp, type: string, name: string): ResourceChange {
    return { op, type, name, urn: `urn:pulumi:dev::workshop-accounts::${type}::${name}` };
}

const students = [
    { key: "ada-at-uni-example", email: "ada@uni.example", name: "Ada Lovelace" },
    { key: "grace-at-uni-example", email: "grace@uni.example", name: "Grace | Hopper" },
    { key: "linus-at-uni-example", email: "linus@uni.example", name: "Linus Torvalds" },
    { key: "ann-at-x-com", email: "ann@x.com" },
    { key: "ann-at-x-com-au", email: "ann@x.com.au" },
];

const changes = [
    change("create", ACCOUNT, "ada-at-uni-example"),
    change("create", USER, "ada-at-uni-example"),
    change("create", "random:index/randomString:RandomString", "ada-at-uni-example-email-suffix"),
    change("delete", ACCOUNT, "grace-at-uni-example"),
    change("delete", BUDGET, "grace-at-uni-example"),
    change("update", BUDGET, "linus-at-uni-example"),
    change("same", ACCOUNT, "linus-at-uni-example"),
    change("same", ACCOUNT, "ann-at-x-com"),
    change("replace", ACCOUNT, "ann-at-x-com-au"),
    change("update", BUDGET, "master"),
    change("same", "aws:organizations/organizationalUnit:OrganizationalUnit", "workshop"),
];

describe("plan grouping and formats", () => {
    const plan = groupChanges(changes, students);

    it("gives every resource to the student whose key names it, the longest key winning", () => {
        expect(studentKeyOfResource("ann-at-x-com-au-email-suffix", students.map((s) => s.key))).to.equal("ann-at-x-com-au");
        expect(studentKeyOfResource("ann-at-x-com-email-suffix", students.map((s) => s.key))).to.equal("ann-at-x-com");
        expect(studentKeyOfResource("ann-at-x-community", students.map((s) => s.key))).to.equal(undefined);
        expect(studentKeyOfResource("master", students.map((s) => s.key))).to.equal(undefined);
    });

    it("decides each student's action from their account change", () => {
        const action = Object.fromEntries(plan.students.map((s) => [s.key, s.action]));
        expect(action).to.deep.equal({
            "ada-at-uni-example": "new account",
            "grace-at-uni-example": "account closes",
            "linus-at-uni-example": "changes",
            "ann-at-x-com": "no change",
            "ann-at-x-com-au": "account replaced",
        });
        expect(plan.workshop.map((c) => c.name)).to.deep.equal(["master"]);
        expect(plan.totals).to.deep.equal({ create: 3, delete: 2, update: 2, same: 3, replace: 1 });
    });

    it("summarizes per student for the terminal, unchanged students as a count", () => {
        const text = planSummaryLines(plan).join("\n");
        expect(text).to.match(/\+ ada@uni\.example\s+new account\s+3 to create/);
        expect(text).to.match(/- grace@uni\.example\s+account closes\s+2 to delete/);
        expect(text).to.match(/! ann@x\.com\.au\s+account replaced\s+1 to replace/);
        expect(text).to.contain("1 student(s) unchanged");
        expect(text).to.contain("Workshop-wide: 1 to update\n  update: Budget master");
        expect(text).to.contain("Total: 3 to create, 2 to update, 1 to replace, 2 to delete, 3 unchanged.");
    });

    it("says so when nothing changes", () => {
        const none = groupChanges([change("same", ACCOUNT, "ada-at-uni-example")], students.slice(0, 1));
        expect(planSummaryLines(none)).to.deep.equal(["  1 student(s) unchanged", "No changes: the accounts already match the roster and config."]);
        expect(planMarkdown(none, { stack: "dev" })).to.contain("No changes");
        expect(JSON.parse(planJson(none, { stack: "dev" })).hasChanges).to.equal(false);
    });

    it("renders JSON with the changes only, unchanged resources counted", () => {
        const json = JSON.parse(planJson(plan, { stack: "nov" }));
        expect(json.stack).to.equal("nov");
        const ada = json.students.find((s: { key: string }) => s.key === "ada-at-uni-example");
        expect(ada).to.deep.include({ email: "ada@uni.example", name: "Ada Lovelace", action: "new account", counts: { create: 3 } });
        expect(ada.changes).to.have.length(3);
        expect(json.students.find((s: { key: string }) => s.key === "linus-at-uni-example").changes.map((c: { op: string }) => c.op)).to.deep.equal(["update"]);
        expect(json.workshop).to.deep.equal([{ op: "update", type: BUDGET, name: "master", urn: changes[9].urn }]);
    });

    it("renders a Markdown table per student that spreadsheet names cannot break, emails masked unless asked", () => {
        const markdown = planMarkdown(plan, { stack: "dev" });
        expect(markdown).to.contain("| Student | Email | Action | Create | Update | Replace | Delete |");
        expect(markdown).to.contain("| Ada Lovelace | a\\*\\*\\*@uni.example | new account | 3 | 0 | 0 | 0 |");
        expect(markdown).to.contain("| Grace \\| Hopper | g\\*\\*\\*@uni.example | **account closes** | 0 | 0 | 0 | 2 |");
        expect(markdown).to.contain("| ann-at-x-com-au | a\\*\\*\\*@x.com.au | **account replaced** | 0 | 0 | 1 | 0 |");
        expect(markdown).to.contain("| update | `aws:budgets/budget:Budget` | master |");
        expect(markdown).not.to.match(/ada@|grace@|ann@/);
        const full = planMarkdown(plan, { stack: "dev", emails: "full" });
        expect(full).to.contain("| Ada Lovelace | ada@uni.example | new account | 3 | 0 | 0 | 0 |");
    });

    it("puts what a reviewer must not miss before the table: replacements, closures, the close quota, the own cost", () => {
        const markdown = planMarkdown(plan, {
            stack: "dev",
            closeQuota: { message: "Closing 2 account(s). Organizations closes at most 10% ...", mayRefuse: true },
            ownCost: "This workshop's own AWS cost: about $0.30 per day",
        });
        const at = (text: string) => markdown.indexOf(text);
        expect(at("1 account(s) would be CLOSED and RECREATED")).to.be.greaterThan(0);
        expect(at("1 account(s) close for good")).to.be.greaterThan(at("CLOSED and RECREATED"));
        expect(at("**CloseAccount quota:** Closing 2 account(s)")).to.be.greaterThan(at("close for good"));
        expect(at("own AWS cost: about $0.30 per day")).to.be.greaterThan(at("CloseAccount quota"));
        expect(at("| Student | Email |")).to.be.greaterThan(at("own AWS cost"));
        expect(at("<details><summary>Workshop-wide changes")).to.be.greaterThan(at("| Student | Email |"));
    });

    it("describes counts and resource lists compactly", () => {
        expect(describeCounts({})).to.equal("no changes");
        expect(describeCounts({ delete: 1, create: 2, same: 5 })).to.equal("2 to create, 1 to delete");
        expect(summarizeResources([
            { type: "aws:organizations/policy:Policy", name: "a" }, { type: "aws:organizations/policy:Policy", name: "b" },
            { type: "aws:sns/topic:Topic", name: "billing-alarm" },
        ])).to.equal("2 Policy, Topic billing-alarm");
    });

    it("draws a progress bar and a table", () => {
        expect(progressBar(0, 4, 8)).to.equal("[........] 0/4");
        expect(progressBar(2, 4, 8)).to.equal("[####....] 2/4");
        expect(progressBar(5, 4, 8)).to.equal("[########] 5/5");
        expect(progressBar(0, 0, 4)).to.equal("[####] 0/0");
        expect(renderTable(["name", "usd"], [["Ada", "5"], ["Grace\nHopper", "120"]], { align: ["left", "right"] })).to.deep.equal([
            "name          usd",
            "------------  ---",
            "Ada             5",
            "Grace Hopper  120",
        ]);
    });
});
