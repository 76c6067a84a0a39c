/**
 * Runs `work` on every item with at most `limit` running at once and resolves to the results in
 * the items' order. AWS rate limits are per account and region (EC2's request token buckets, STS's
 * AssumeRole rate), so the inventory, the freeze and the meter fan out this way instead of all
 * at once.
 *
 * A work item that throws stops the pool from starting more; the ones already running are
 * awaited, so nothing is left in flight, and then the first error is thrown.
 */
export async function mapPool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`A pool needs a whole number of workers, at least 1; got ${limit}`);
    const results = new Array<R>(items.length);
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async () => {
        while (!failure && next < items.length) {
            const index = next++;
            try {
                results[index] = await work(items[index], index);
            } catch (error) {
                failure ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (failure) throw failure.error;
    return results;
}
