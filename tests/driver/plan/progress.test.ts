import { expect } from "chai";

import { groupChanges } from "../../../driver/plan/groups";
import { UpdateProgress } from "../../../driver/plan/progress";
import type { ResourceChange } from "../../../driver/pulumi/engine";

describe("update progress", () => {
    it("prints one line per student once their planned steps finished, and redraws the bar", () => {
        const students = [{ key: "ada-at-x-org", email: "ada@x.org" }, { key: "bo-at-x-org", email: "bo@x.org" }];
        const change = (type: string, name: string): ResourceChange => ({ op: "create", type, name, urn: `urn::${type}::${name}` });
        const steps = [change("aws:organizations/account:Account", "ada-at-x-org"), change("aws:budgets/budget:Budget", "ada-at-x-org"),
            change("aws:organizations/account:Account", "bo-at-x-org"), change("aws:sns/topic:Topic", "alarm")];
        const lines: string[] = [];
        const bars: string[] = [];
        const progress = new UpdateProgress({ log: (l) => lines.push(l), status: (b) => bars.push(b) }, students, groupChanges(steps, students));
        progress.onEvent({ kind: "step-start", ...steps[0] });
        progress.onEvent({ kind: "step-done", ...steps[0] });
        expect(lines).to.deep.equal([]);
        progress.onEvent({ kind: "step-done", ...steps[1] });
        progress.onEvent({ kind: "step-failed", ...steps[2], message: "ACCOUNT_LIMIT_EXCEEDED\nmore" });
        progress.onEvent({ kind: "step-done", ...steps[3] });
        expect(lines).to.deep.equal(["  ok ada@x.org: account ready", "  x bo@x.org: create Account bo-at-x-org failed: ACCOUNT_LIMIT_EXCEEDED"]);
        expect(bars[bars.length - 1]).to.match(/\] 4\/4$/);
    });
});
