import { expect } from "chai";

import { WAITING_EXIT_CODE } from "../../../driver/plan/close-summary";
import { upSummaryMarkdown } from "../../../driver/plan/run-summary";

const ACCOUNT = "aws:organizations/account:Account";
const urn = (name: string) => `urn:pulumi:dev::workshop-accounts::${ACCOUNT}::${name}`;

describe("the job summary of up", () => {
    const now = new Date("2026-11-23T12:00:00Z");

    it("a failed run: counts, then each failure with what to do, without addresses or the keys made of them", () => {
        const text = upSummaryMarkdown({
            stack: "nov", exitCode: 1, now,
            result: {
                ok: false, outputs: {},
                changes: [{ op: "create", type: ACCOUNT, name: "ada-lovelace-at-uni-example", urn: urn("ada-lovelace-at-uni-example") },
                    { op: "create", type: ACCOUNT, name: "grace-at-uni-example", urn: urn("grace-at-uni-example") }],
                failures: [{ urn: urn("grace-at-uni-example"), type: ACCOUNT, name: "grace-at-uni-example", message: "EMAIL_ALREADY_EXISTS" }],
            },
            problems: ["x grace@uni.example: Account grace-at-uni-example: EMAIL_ALREADY_EXISTS", "  - The root email is already used <b>: remove the student and add them again"],
        }, WAITING_EXIT_CODE);
        expect(text).to.contain("**Failed.**").and.contain("| 1 | 0 | 0 | 1 |");
        expect(text).to.contain("- x g\\*\\*\\*@uni.example: Account g\\*\\*\\*-at-uni-example: EMAIL\\_ALREADY\\_EXISTS");
        expect(text).to.contain("- The root email is already used &lt;b&gt;: remove the student and add them again");
        expect(text).not.to.match(/grace@|grace-at/);
    });

    it("exit 75 reads as waiting until a date, not as a failure", () => {
        const text = upSummaryMarkdown({
            stack: "nov", exitCode: WAITING_EXIT_CODE, now,
            result: { ok: false, outputs: {}, changes: [], failures: [] },
            outcome: { closed: 10, refused: ["a@x.example"], queued: ["b@x.example"], stillClosing: [], otherFailures: 0 },
        }, WAITING_EXIT_CODE);
        expect(text).to.contain("**Waiting until 2026-12-23:** 2 account(s) wait for the CloseAccount quota").and.not.contain("Failed");
        expect(text).to.contain("| 0 | 10 | 2 | 0 |");
    });
});
