import { expect } from "chai";

import { runLoop } from "../../../driver/meter/loop";

describe("meter loop", () => {
    it("refreshes until stopped, goes on after a failed refresh, and waits for the refresh in flight", async () => {
        const controller = new AbortController();
        const events: string[] = [];
        let calls = 0;
        await runLoop({
            intervalMs: 1,
            signal: controller.signal,
            refresh: async (signal) => {
                calls++;
                events.push(`start ${calls}`);
                if (calls === 2) throw new Error("CloudWatch is down");
                if (calls === 3) controller.abort();
                await Promise.resolve();
                events.push(`end ${calls}${signal.aborted ? " (stopping)" : ""}`);
            },
            onError: (error) => events.push(`error: ${(error as Error).message}`),
        });
        expect(events).to.deep.equal(["start 1", "end 1", "start 2", "error: CloudWatch is down", "start 3", "end 3 (stopping)"]);
    });

    it("does not start when already stopped", async () => {
        const controller = new AbortController();
        controller.abort();
        let calls = 0;
        await runLoop({ intervalMs: 1, signal: controller.signal, refresh: async () => { calls++; }, onError: () => undefined });
        expect(calls).to.equal(0);
    });
});
