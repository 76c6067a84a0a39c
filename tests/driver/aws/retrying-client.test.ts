import { DescribeInstancesCommand, EC2Client, paginateDescribeInstances } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";

import { isRetryableAwsError, isThrottlingError, retrying } from "../../../driver/aws/retrying-client";
import { manualClock } from "../../../driver/time/clock";
import { testAwsClients } from "../../support/aws";
import { awsError, throttled } from "../../support/fake-student-aws";

describe("retrying AWS client", function () {
    const ec2 = mockClient(EC2Client);
    let clock: ReturnType<typeof manualClock>;
    const retryOptions = () => ({ policy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.99 }, clock });
    beforeEach(() => { ec2.reset(); clock = manualClock(); });
    after(() => ec2.restore());

    it("sorts errors the way the SDK's retry strategy does", () => {
        expect(isThrottlingError(throttled("RequestLimitExceeded"))).to.equal(true);
        expect(isThrottlingError(awsError("Whatever", "slow down", 429))).to.equal(true);
        expect(isRetryableAwsError(awsError("InternalError", "oops", 500))).to.equal(true);
        expect(isRetryableAwsError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).to.equal(true);
        expect(isRetryableAwsError(awsError("AccessDenied", "no", 403))).to.equal(false);
        expect(isRetryableAwsError(awsError("ValidationException", "bad"))).to.equal(false);
        expect(isRetryableAwsError(undefined)).to.equal(false);
    });

    it("retries a throttled call with backoff and returns the answer", async () => {
        ec2.on(DescribeInstancesCommand).rejectsOnce(throttled("RequestLimitExceeded")).resolves({ Reservations: [] });
        const client = retrying(testAwsClients().client(EC2Client), retryOptions());
        expect(await client.send(new DescribeInstancesCommand({}))).to.deep.equal({ Reservations: [] });
        expect(ec2.commandCalls(DescribeInstancesCommand)).to.have.length(2);
        expect(clock.slept).to.deep.equal([99]);
    });

    it("gives up after the policy's attempts, keeping the error's name and saying how often it tried", async () => {
        ec2.on(DescribeInstancesCommand).rejects(throttled("RequestLimitExceeded"));
        const client = retrying(testAwsClients().client(EC2Client), retryOptions());
        const error = await client.send(new DescribeInstancesCommand({})).catch((e: Error) => e);
        expect(error).to.include({ name: "RequestLimitExceeded", message: "Rate exceeded (still failing after 3 attempts)" });
        expect(clock.slept).to.deep.equal([99, 198]);
    });

    it("does not retry what another attempt cannot fix", async () => {
        ec2.on(DescribeInstancesCommand).rejects(awsError("UnauthorizedOperation", "You are not authorized to perform this operation.", 403));
        const client = retrying(testAwsClients().client(EC2Client), retryOptions());
        const error = await client.send(new DescribeInstancesCommand({})).catch((e: Error) => e);
        expect(error).to.include({ name: "UnauthorizedOperation", message: "You are not authorized to perform this operation." });
        expect(ec2.commandCalls(DescribeInstancesCommand)).to.have.length(1);
    });

    it("is accepted by the SDK's paginators, which retry page by page", async () => {
        ec2.on(DescribeInstancesCommand, { NextToken: undefined }).resolves({ Reservations: [{ ReservationId: "r-1" }], NextToken: "2" });
        ec2.on(DescribeInstancesCommand, { NextToken: "2" }).rejectsOnce(throttled()).resolves({ Reservations: [{ ReservationId: "r-2" }] });
        const client = retrying(testAwsClients().client(EC2Client), retryOptions());
        const ids: string[] = [];
        for await (const page of paginateDescribeInstances({ client }, {})) ids.push(...(page.Reservations ?? []).map((r) => r.ReservationId!));
        expect(ids).to.deep.equal(["r-1", "r-2"]);
        expect(ec2.commandCalls(DescribeInstancesCommand)).to.have.length(3);
    });
});
