import { expect } from "chai";

import { emailedCell } from "../../../driver/email/status-cell";

describe("emailed cell", () => {
    it("shows a student's welcome email as sent with its date, another status, or '-'", () => {
        expect(emailedCell({ status: "sent", sentAt: "2026-11-22T09:00:00Z" })).to.equal("sent 2026-11-22");
        expect(emailedCell({ status: "failed" })).to.equal("failed");
        expect(emailedCell(undefined)).to.equal("-");
    });
});
