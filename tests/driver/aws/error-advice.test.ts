import { expect } from "chai";

import { adviseOnError } from "../../../driver/aws/error-advice";

describe("adviseOnError", () => {
    const cases: [string, RegExp][] = [
        ["creating AWS Organizations Account: waiting for completion: unexpected state 'FAILED', last error: EMAIL_ALREADY_EXISTS",
            /root email is already used.*Change workshopName, or remove the student and add them again/],
        ["CreateAccount failed: ACCOUNT_LIMIT_EXCEEDED", /account quota \(new organizations start at 10 accounts.*Service Quotas/],
        ["ConstraintViolationException: You have exceeded the allowed number of AWS accounts. Reason: ACCOUNT_NUMBER_LIMIT_EXCEEDED", /Service Quotas/],
        ["ConstraintViolationException: Reason: CLOSE_ACCOUNT_QUOTA_EXCEEDED", /10% of member accounts/],
        ["updating AWS Organizations Account (123456789012) name: AccessDeniedException: trusted access for AWS Account Management (account.amazonaws.com) is not enabled",
            /enable-aws-service-access --service-principal account\.amazonaws\.com/],
        ["failure reason: CONSTRAINT_VIOLATION", /all-features mode.*management account is not fully set up/],
        ["operation error Organizations: CreateOrganizationalUnit, ConstraintViolationException: ...", /all-features mode/],
        ["TooManyRequestsException: AWS Organizations can't complete your request", /Wait a few minutes and run `up` again: nothing is lost/],
        ["ThrottlingException: Rate exceeded", /nothing is lost/],
        ["Rate exceeded", /nothing is lost/],
        ["ConcurrentModificationException: AWS Organizations can't complete your request because it conflicts with another attempt", /Wait a minute/],
        ["AccessDeniedException: User: arn:aws:iam::1:user/x is not authorized to perform: organizations:CreateAccount", /policies\/instructor-policy\.json/],
        ["AccessDenied: Access Denied", /policies\/instructor-policy\.json/],
        ["ExpiredToken: The security token included in the request is expired", /Sign in again/],
    ];
    for (const [message, advice] of cases) {
        it(`advises on "${message.slice(0, 60)}"`, () => {
            expect(adviseOnError(message)).to.match(advice);
        });
    }

    it("says nothing about errors it does not know", () => {
        expect(adviseOnError("InvalidParameterException: budget name too long")).to.equal(undefined);
    });

    it("prefers the specific quota reason over the generic constraint violation", () => {
        expect(adviseOnError("ConstraintViolationException ... ACCOUNT_NUMBER_LIMIT_EXCEEDED")).to.contain("Service Quotas");
    });
});
