/**
 * The declared dependency graph, as the engine schedules it: what must finish before what.
 * `before(a, b)` is true when a's creation must finish before b's starts (and b's deletion before a's).
 */
export function orderingOf(nodes: { urn: string; dependencies: string[] }[]): (a: string, b: string) => boolean {
    const direct = new Map(nodes.map((n) => [n.urn, n.dependencies]));
    const reach = new Map<string, Set<string>>();
    const ancestors = (urn: string): Set<string> => {
        const known = reach.get(urn);
        if (known) return known;
        const found = new Set<string>();
        reach.set(urn, found);
        for (const dep of direct.get(urn) ?? []) {
            found.add(dep);
            for (const a of ancestors(dep)) found.add(a);
        }
        return found;
    };
    return (a, b) => ancestors(b).has(a);
}

/**
 * The largest set of items no two of which are ordered: how many can be in flight at once when
 * the engine starts everything as early as it may. Dilworth: n minus a maximum matching in the
 * bipartite graph of the order (Kuhn's augmenting paths; fine for hundreds of items).
 */
export function maxAntichain(items: string[], before: (a: string, b: string) => boolean): number {
    const matchOf = new Map<string, string>();
    const tryAugment = (a: string, seen: Set<string>): boolean => {
        for (const b of items) {
            if (!before(a, b) || seen.has(b)) continue;
            seen.add(b);
            const current = matchOf.get(b);
            if (current === undefined || tryAugment(current, seen)) {
                matchOf.set(b, a);
                return true;
            }
        }
        return false;
    };
    let matching = 0;
    for (const a of items) if (tryAugment(a, new Set())) matching++;
    return items.length - matching;
}
