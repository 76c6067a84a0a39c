import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { Browser } from "playwright-core";

import { planCommentMarker } from "../../../driver/github/plan-comment";
import { planMarkdown } from "../../../driver/plan/format";
import { groupChanges } from "../../../driver/plan/groups";
import type { ResourceChange, ResourceOp } from "../../../driver/pulumi/engine";
import { PROJECT_ROOT } from "../../../infra/project-root";
import { launchChromium } from "../../support/browser";
import { githubCommentPage } from "../../support/github-markdown";

const ARTIFACTS = path.join(PROJECT_ROOT, "tests", "artifacts");
const ACCOUNT = "aws:organizations/account:Account";
const change = (op: ResourceOp, type: string, name: string): ResourceChange => ({ op, type, name, urn: `urn:pulumi:nov::workshop-accounts::${type}::${name}` });
const perStudent = (op: ResourceOp, key: string) => ["aws:identitystore/user:User", "aws:budgets/budget:Budget", "aws:ssoadmin/accountAssignment:AccountAssignment"]
    .map((type) => change(op, type, `${key}-${type.split("/")[1].split(":")[0]}`));

/** A name from a spreadsheet that tries everything a comment could be made to do. */
const HOSTILE = "<img src=x onerror=alert(1)> **Eve** | [win](https://evil.example) <!-- workshop-accounts:plan stack=nov -->";

describe("the plan comment as GitHub shows it", function () {
    this.timeout(60_000);
    let browser: Browser;
    before(async () => { browser = await launchChromium(); });
    after(async () => browser?.close());

    it("warnings and the close quota above the table, names as typed, emails masked", async () => {
        const students = [
            { key: "ada-lovelace-at-uni-example", email: "ada.lovelace@uni.example", name: "Ada Lovelace" },
            { key: "grace-hopper-at-uni-example", email: "grace.hopper@uni.example", name: "Grace Hopper" },
            { key: "eve-at-uni-example", email: "eve@uni.example", name: HOSTILE },
            { key: "linus-at-uni-example", email: "linus@uni.example", name: "Linus Torvalds" },
        ];
        const plan = groupChanges([
            change("create", ACCOUNT, "ada-lovelace-at-uni-example"), ...perStudent("create", "ada-lovelace-at-uni-example"),
            change("create", ACCOUNT, "eve-at-uni-example"), ...perStudent("create", "eve-at-uni-example"),
            change("delete", ACCOUNT, "grace-hopper-at-uni-example"), ...perStudent("delete", "grace-hopper-at-uni-example"),
            change("same", ACCOUNT, "linus-at-uni-example"), change("update", "aws:budgets/budget:Budget", "linus-at-uni-example-budget"),
            change("update", "aws:budgets/budget:Budget", "master"),
        ], students);
        const markdown = `${planCommentMarker("nov")}\n${planMarkdown(plan, {
            stack: "nov",
            closeQuota: {
                message: "Closing 1 account(s). Organizations closes at most 10% of the 41 member accounts in 30 days, at least 10 " +
                    "(CloseAccount API reference: 10), or 20% or 250, whichever is higher (Organizations quotas page: 250); 0 account(s) closed in the last 90 days may count.",
                mayRefuse: false,
            },
            ownCost: "This workshop's own AWS cost: about $0.20 per day in a 31-day month (4 action-enabled budgets at $0.10 per budget-day beyond 62 free budget-days a month).",
        })}`;
        expect(markdown).not.to.match(/<img|<!-- workshop-accounts:plan stack=nov -->[\s\S]*<!-- workshop/);

        const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
        await page.setContent(githubCommentPage(markdown));
        const cells = await page.$eval("table", (table) => Array.from(table.querySelectorAll("tbody tr"))
            .map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent)));
        const eve = cells.find((row) => row[1] === "e***@uni.example")!;
        expect(eve[0]).to.equal(HOSTILE);
        expect(await page.$$("img, a[href*='evil']")).to.have.length(0);
        expect(cells.map((row) => row[1])).to.have.members(["a.l***@uni.example", "g.h***@uni.example", "e***@uni.example", "l***@uni.example"]);
        const text = await page.innerText("body");
        expect(text.indexOf("1 account(s) close for good")).to.be.lessThan(text.indexOf("Student\tEmail"));
        expect(text.indexOf("CloseAccount quota")).to.be.lessThan(text.indexOf("Student\tEmail"));
        expect(text.indexOf("own AWS cost")).to.be.lessThan(text.indexOf("Student\tEmail"));
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS, "pr-comment.png"), fullPage: true });
        await page.close();
    });
});
