import { expect } from "chai";
import { checkCloseQuota, closeAccountQuota } from "../driver/destroy-preflight";
import { emailedCell } from "../driver/emailed-status";
import type { ResourceChange } from "../driver/engine";
import { groupChanges } from "../driver/plan-groups";
import { UpdateProgress } from "../driver/progress";

describe("driver units", () => {
    it("CloseAccount quota: 10% of member accounts, at least 10, at most 1000", () => {
        expect(closeAccountQuota(0)).to.equal(10);
        expect(closeAccountQuota(120)).to.equal(12);
        expect(closeAccountQuota(50_000)).to.equal(1000);
        expect(checkCloseQuota(4, { members: 40, closing: 6 })).to.include({ ok: true, limit: 10, used: 6, remaining: 4 });
        const refused = checkCloseQuota(5, { members: 40, closing: 6 });
        expect(refused.ok).to.equal(false);
        expect(refused.message).to.contain("--force").and.contain("batches");
    });

    it("shows a student's welcome email as sent with its date, another status, or '-'", () => {
        expect(emailedCell({ status: "sent", sentAt: "2026-11-22T09:00:00Z" })).to.equal("sent 2026-11-22");
        expect(emailedCell({ status: "failed" })).to.equal("failed");
        expect(emailedCell(undefined)).to.equal("-");
    });

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
