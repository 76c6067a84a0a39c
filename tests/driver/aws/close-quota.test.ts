import { expect } from "chai";

import { checkCloseQuota, closeQuotas, closeRetryDate } from "../../../driver/aws/close-quota";

describe("CloseAccount quota", () => {
    const now = new Date("2026-11-23T12:00:00Z");

    it("computes both documented quotas: the API reference's 10% (10-1000) and the quotas page's 20% or 250 (up to 1000)", () => {
        expect(closeQuotas(0)).to.deep.equal({ apiReference: 10, quotasPage: 250 });
        expect(closeQuotas(120)).to.deep.equal({ apiReference: 12, quotasPage: 250 });
        expect(closeQuotas(2000)).to.deep.equal({ apiReference: 200, quotasPage: 400 });
        expect(closeQuotas(50_000)).to.deep.equal({ apiReference: 1000, quotasPage: 1000 });
    });

    it("gives the numbers, and warns with the retry date when the stricter reading could refuse some", () => {
        const fine = checkCloseQuota(4, { members: 40, closing: 6 }, "destroy", now);
        expect(fine.mayRefuse).to.equal(false);
        expect(fine.message).to.contain("(CloseAccount API reference: 10)").and.contain("(Organizations quotas page: 250)");
        const tight = checkCloseQuota(30, { members: 40, closing: 6 }, "up", now);
        expect(tight.mayRefuse).to.equal(true);
        expect(tight.message).to.contain("Closing 30 account(s)").and.contain("6 account(s) closed in the last 90 days")
            .and.contain("`npm run up` again after 2026-12-23");
    });

    it("retries after the 30-day window", () => {
        expect(closeRetryDate(now).toISOString().slice(0, 10)).to.equal("2026-12-23");
    });
});
