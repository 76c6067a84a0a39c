import { expect } from "chai";

import { Pacer } from "../../../driver/email/pacer";
import { classifySendError, isThrottling } from "../../../driver/email/ses-errors";
import { manualClock } from "../../../driver/time/clock";
import { backoffDelayMs, DEFAULT_BACKOFF, withRetries } from "../../../driver/time/retry";

const sdkError = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe("send pacing", () => {
    it("spaces sends 1/rate apart, the first at once", async () => {
        const clock = manualClock();
        const pacer = new Pacer(4, clock);
        const at: number[] = [];
        for (let i = 0; i < 5; i++) {
            await pacer.take();
            at.push(clock.now());
        }
        expect(at).to.deep.equal([0, 250, 500, 750, 1000]);
    });

    it("does not wait when the caller was slower than the rate anyway", async () => {
        const clock = manualClock();
        const pacer = new Pacer(2, clock);
        await pacer.take();
        await clock.sleep(2000);
        await pacer.take();
        expect(clock.slept).to.deep.equal([2000]);
    });

    it("rejects a rate that is not a positive number", () => {
        expect(() => new Pacer(0, manualClock())).to.throw(/positive number of messages per second, got 0/);
    });
});

describe("retry with backoff", () => {
    it("grows the jitter ceiling exponentially up to the cap", () => {
        const top = { ...DEFAULT_BACKOFF, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 };
        expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, top))).to.deep.equal([99, 199, 399, 799, 999, 999]);
        expect(backoffDelayMs(3, { ...top, random: () => 0 })).to.equal(0);
    });

    it("retries retryable errors up to the bound, sleeping between attempts", async () => {
        const clock = manualClock();
        let calls = 0;
        const outcome = await withRetries(async () => { calls++; throw new Error("busy"); }, () => true,
            { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0.5 }, clock);
        expect(calls).to.equal(4);
        expect(outcome).to.include({ ok: false, attempts: 4, exhausted: true });
        expect(clock.slept).to.deep.equal([50, 100, 200]);
    });

    it("returns at once on an error that is not retryable", async () => {
        const clock = manualClock();
        const outcome = await withRetries(async () => { throw new Error("bad"); }, () => false, DEFAULT_BACKOFF, clock);
        expect(outcome).to.include({ ok: false, attempts: 1, exhausted: false });
        expect(clock.slept).to.deep.equal([]);
    });
});

describe("SES error classification", () => {
    const situation = { from: "sender@example.com", to: "ana@example.com", sandbox: true };

    for (const name of ["TooManyRequestsException", "LimitExceededException", "Throttling"]) {
        it(`retries ${name}`, () => {
            expect(isThrottling(sdkError(name, "Maximum sending rate exceeded."))).to.equal(true);
            expect(classifySendError(sdkError(name, "slow down"), situation)).to.include({ kind: "throttled", retryable: true, stopsRun: false });
        });
    }

    it("does not retry an exhausted daily quota, and stops the run", () => {
        const error = sdkError("Throttling", "Daily message quota exceeded.");
        expect(isThrottling(error)).to.equal(false);
        expect(classifySendError(error, situation)).to.include({ kind: "quota-exhausted", retryable: false, stopsRun: true });
    });

    it("explains an unverified recipient in the sandbox, without stopping the run", () => {
        const failure = classifySendError(sdkError("MessageRejected", "Email address is not verified. The following identities failed the check in region EU-WEST-1: ana@example.com"), situation);
        expect(failure).to.include({ kind: "recipient-unverified", retryable: false, stopsRun: false });
        expect(failure.advice).to.match(/^SES is in the sandbox: verify ana@example.com .* or request production access/);
    });

    it("tells an unverified sender from an unverified recipient, and stops the run", () => {
        const failure = classifySendError(sdkError("MessageRejected", "Email address is not verified. The following identities failed the check in region EU-WEST-1: Sender@Example.com, ana@example.com"), situation);
        expect(failure).to.include({ kind: "sender-unverified", stopsRun: true });
        expect(failure.advice).to.include("workshop-accounts:senderEmail");
    });

    it("stops the run on paused sending and on credentials, but not on an unknown error", () => {
        expect(classifySendError(sdkError("SendingPausedException", "paused"), situation)).to.include({ kind: "account-blocked", stopsRun: true });
        expect(classifySendError(sdkError("AccessDeniedException", "no", 403), situation)).to.include({ kind: "credentials", stopsRun: true });
        expect(classifySendError(new Error("socket hang up"), situation)).to.include({ kind: "other", stopsRun: false, retryable: false });
    });
});
