import { expect } from "chai";

import { mapPool } from "../../driver/promise-pool";

/** A promise the test settles by hand, so the pool's progress can be observed step by step. */
function gate<T>() {
    let open!: (value: T) => void;
    let fail!: (error: Error) => void;
    const promise = new Promise<T>((resolve, reject) => { open = resolve; fail = reject; });
    return { promise, open, fail };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("promise pool", function () {
    it("runs at most `limit` at once and answers in the items' order", async () => {
        const gates = [0, 1, 2, 3, 4].map(() => gate<string>());
        const started: number[] = [];
        const pool = mapPool([0, 1, 2, 3, 4], 2, (item) => { started.push(item); return gates[item].promise; });
        await tick();
        expect(started).to.deep.equal([0, 1]);
        gates[1].open("b");
        await tick();
        expect(started).to.deep.equal([0, 1, 2]);
        gates[2].open("c");
        gates[0].open("a");
        await tick();
        expect(started).to.deep.equal([0, 1, 2, 3, 4]);
        gates[4].open("e");
        gates[3].open("d");
        expect(await pool).to.deep.equal(["a", "b", "c", "d", "e"]);
    });

    it("starts nothing more after a failure, waits for what runs, then throws the first error", async () => {
        const gates = [0, 1, 2, 3].map(() => gate<number>());
        const started: number[] = [];
        let settled = false;
        const pool = mapPool([0, 1, 2, 3], 2, (item) => { started.push(item); return gates[item].promise; });
        pool.then(() => { settled = true; }, () => { settled = true; });
        gates[0].fail(new Error("first"));
        await tick();
        expect(started).to.deep.equal([0, 1]);
        expect(settled).to.equal(false);
        gates[1].open(1);
        let error: Error | undefined;
        await pool.catch((e: Error) => { error = e; });
        expect(error?.message).to.equal("first");
        expect(started).to.deep.equal([0, 1]);
    });

    it("handles no items and more workers than items", async () => {
        expect(await mapPool([], 4, async () => 1)).to.deep.equal([]);
        expect(await mapPool(["x"], 4, async (item, i) => `${item}${i}`)).to.deep.equal(["x0"]);
    });

    it("refuses a limit that is not a whole number of at least 1", async () => {
        for (const limit of [0, -1, 1.5, NaN]) {
            let error: Error | undefined;
            await mapPool([1], limit, async () => 1).catch((e: Error) => { error = e; });
            expect(error?.message, String(limit)).to.contain("at least 1");
        }
    });
});
