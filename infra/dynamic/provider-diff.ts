import type * as pulumi from "@pulumi/pulumi";

/**
 * How this project's dynamic resources diff: a new `identity` (another account, budget, policy or role)
 * is another resource, so it replaces this one, the new created before the old is deleted; a change to
 * any of `settings` is applied in place. Serialized into dynamic providers: no imports at run time.
 */
export function diffBy<T extends Record<string, unknown>>(
    olds: T, news: T, identity: keyof T & string, settings: (keyof T)[],
    sameIdentity: (a: unknown, b: unknown) => boolean = (a, b) => a === b,
): pulumi.dynamic.DiffResult {
    const replaces = sameIdentity(olds[identity], news[identity]) ? [] : [identity];
    const changed = JSON.stringify(settings.map((key) => olds[key])) !== JSON.stringify(settings.map((key) => news[key]));
    return { changes: replaces.length > 0 || changed, replaces, deleteBeforeReplace: false };
}
