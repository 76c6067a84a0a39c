import { expect } from "chai";
import { checkCloseQuota, closeAccountQuota } from "../../../driver/aws/close-quota";

describe("CloseAccount quota", () => {
    it("is 10% of member accounts, at least 10, at most 1000", () => {
        expect(closeAccountQuota(0)).to.equal(10);
        expect(closeAccountQuota(120)).to.equal(12);
        expect(closeAccountQuota(50_000)).to.equal(1000);
        expect(checkCloseQuota(4, { members: 40, closing: 6 })).to.include({ ok: true, limit: 10, used: 6, remaining: 4 });
        const refused = checkCloseQuota(5, { members: 40, closing: 6 });
        expect(refused.ok).to.equal(false);
        expect(refused.message).to.contain("--force").and.contain("batches");
    });
});
