import { expect } from "chai";

import { atEngineSeam,recogniseEngineError, StackLockedError, StackMissingError, WrongPassphraseError } from "../../../driver/pulumi/errors";

/** The Automation API's own factory of CommandErrors (internal, so typed here), fed the CLI's real stderr. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createCommandError } = require("@pulumi/pulumi/automation/errors") as {
    createCommandError(result: { stdout: string; stderr: string; code: number; toString(): string }): Error;
};
const cliError = (stderr: string) => createCommandError({ stdout: "", stderr, code: 255, toString: () => `code: 255\n stderr: ${stderr}` });
const STACK = "stack dev on file:///work/.pulumi-state";

describe("engine errors at the seam", () => {
    it("names a stack locked by another update (local backend and Pulumi Cloud)", () => {
        for (const stderr of [
            "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file",
            "error: [409] Conflict: Another update is currently in progress.",
        ]) {
            const error = cliError(stderr);
            expect(error.name).to.equal("ConcurrentUpdateError");
            const recognised = recogniseEngineError(error, STACK);
            expect(recognised).to.be.instanceOf(StackLockedError);
            expect((recognised as Error).message).to.contain(STACK).and.contain("locked by another update").and.contain(".pulumi/locks");
        }
    });

    it("names a missing stack and a wrong passphrase", () => {
        expect(recogniseEngineError(cliError("error: no stack named 'dev' found"), STACK)).to.be.instanceOf(StackMissingError);
        const passphrase = recogniseEngineError(cliError("error: getting secrets manager: incorrect passphrase"), STACK);
        expect(passphrase).to.be.instanceOf(WrongPassphraseError);
        expect((passphrase as Error).message).to.contain("PULUMI_CONFIG_PASSPHRASE");
    });

    it("passes other errors through untouched", async () => {
        const other = cliError("error: unable to validate AWS credentials");
        expect(recogniseEngineError(other, STACK)).to.equal(other);
        let thrown: unknown;
        await atEngineSeam(STACK, async () => { throw other; }).catch((e) => { thrown = e; });
        expect(thrown).to.equal(other);
        await atEngineSeam(STACK, async () => { throw cliError("the stack is currently locked by 1 lock(s)"); }).catch((e) => { thrown = e; });
        expect(thrown).to.be.instanceOf(StackLockedError);
    });
});
