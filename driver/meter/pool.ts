/**
 * Runs fn over the items with at most `limit` in flight, in item order for the results. A
 * rejected fn rejects the whole call (callers catch per item when one failure must not stop
 * the others); an abort stops starting new items.
 */
export async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length) {
            signal?.throwIfAborted();
            const index = next++;
            results[index] = await fn(items[index], index);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    return results;
}
