import {
    ListAccountsCommand, ListCreateAccountStatusCommand, ListTagsForResourceCommand, type OrganizationsClient,
    TagResourceCommand, UntagResourceCommand,
} from "@aws-sdk/client-organizations";
import { createHash } from "crypto";

/**
 * Admission of account creations and closures at AWS's own pace. Organizations keeps at most 5
 * CreateAccount requests and 3 closures in progress at once, for the whole organization
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html), and refuses
 * the rest. Before an account is created or closed, its step waits here until AWS's own count
 * (ListCreateAccountStatus IN_PROGRESS; accounts whose State is PENDING_CLOSURE) leaves room, so every
 * stack and every other tool in the organization is counted, and a failed account holds nobody back.
 *
 * Race safety: two waiters that both see 4 in progress must not both go. Reading AWS's count and the
 * provider's CreateAccount are separate calls, so each admission is announced before it is final:
 * the waiter tags the shared parking OU (every workshop of the organization parks closed accounts
 * there) with a lease, reads the count and the leases again, and goes only if AWS's count plus every
 * live lease, its own included, is within the limit; otherwise it withdraws and retries after a
 * random pause. Whoever reads last sees everyone who went before it, so the limit holds for any
 * number of stacks. A lease ends when AWS shows its request in progress (AWS counts it from then),
 * or after LEASE_TTL_MS (the request failed at once). Within one stack — one dynamic-provider process
 * — waiters queue first, so only one of them contends at a time and the OU carries few tags.
 * Bounded: when no slot frees for STALL_LIMIT_MS, the wait fails naming what holds the slots.
 *
 * Serialized into dynamic providers: imports only the AWS SDK and Node built-ins.
 */

export type AdmissionKind = "create" | "close";

export const IN_PROGRESS_LIMITS: Record<AdmissionKind, number> = { create: 5, close: 3 };
/** From admission to the provider's request is seconds; a lease outlives that by far. */
export const LEASE_TTL_MS = 3 * 60_000;
export const POLL_MS = 20_000;
/** No slot freed for this long: something holds them (creations take minutes, closures about 11). */
export const STALL_LIMIT_MS: Record<AdmissionKind, number> = { create: 30 * 60_000, close: 45 * 60_000 };

/** Tag keys of leases start with this (policies/instructor-policy.json allows tagging the Suspended OU with them only). */
export const LEASE_PREFIX = "workshop-accounts-admission";
const WHAT: Record<AdmissionKind, string> = { create: "account creations", close: "account closures" };

export interface AdmissionRequest {
    kind: AdmissionKind;
    /** For a creation the account's name (ListCreateAccountStatus shows it), for a closure its id. */
    subject: string;
    /** The OU whose tags carry the leases: the organization's parking (Suspended) OU. */
    boardId: string;
    /** Waiters of one queue (one stack) take turns. */
    queue: string;
    pollMs?: number;
    stallLimitMs?: number;
}

interface Holder { token: string; label: string }

/** A lease's tag key names its subject by hash: tag keys take only letters, digits and _.:/=+-@. */
export function subjectToken(subject: string): string {
    return createHash("sha256").update(subject).digest("hex").slice(0, 20);
}

const leaseKey = (kind: AdmissionKind, token: string) => `${LEASE_PREFIX}:${kind}:${token}`;

/** What AWS reports in progress, organization-wide. */
export async function inProgress(client: OrganizationsClient, kind: AdmissionKind): Promise<Holder[]> {
    const holders: Holder[] = [];
    let token: string | undefined;
    do {
        if (kind === "create") {
            const page = await client.send(new ListCreateAccountStatusCommand({ States: ["IN_PROGRESS"], NextToken: token }));
            for (const s of page.CreateAccountStatuses ?? []) {
                holders.push({ token: subjectToken(s.AccountName ?? s.Id ?? ""), label: `creating "${s.AccountName}" since ${s.RequestedTimestamp?.toISOString?.() ?? "?"}` });
            }
            token = page.NextToken;
        } else {
            const page = await client.send(new ListAccountsCommand({ NextToken: token }));
            for (const a of page.Accounts ?? []) {
                if (a.State === "PENDING_CLOSURE") holders.push({ token: subjectToken(a.Id!), label: `closing ${a.Id} "${a.Name}"` });
            }
            token = page.NextToken;
        }
    } while (token);
    return holders;
}

/** Leases on the board of this kind: token -> when it was taken. */
async function leases(client: OrganizationsClient, boardId: string, kind: AdmissionKind): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    const prefix = `${LEASE_PREFIX}:${kind}:`;
    let token: string | undefined;
    do {
        const page = await client.send(new ListTagsForResourceCommand({ ResourceId: boardId, NextToken: token }));
        for (const tag of page.Tags ?? []) {
            if (tag.Key?.startsWith(prefix)) found.set(tag.Key.slice(prefix.length), Number(tag.Value) || 0);
        }
        token = page.NextToken;
    } while (token);
    return found;
}

async function withdraw(client: OrganizationsClient, boardId: string, kind: AdmissionKind, tokens: string[]): Promise<void> {
    if (tokens.length === 0) return;
    try {
        await client.send(new UntagResourceCommand({ ResourceId: boardId, TagKeys: tokens.map((t) => leaseKey(kind, t)) }));
    } catch {
        // Someone else cleaned up first; a lease left behind expires anyway.
    }
}

interface Count { holders: Holder[]; live: string[]; stale: string[] }

/** AWS's in-progress requests plus leases not yet visible in them, without `mine`. */
async function count(client: OrganizationsClient, request: AdmissionRequest, mine: string): Promise<Count> {
    const [holders, board] = await Promise.all([inProgress(client, request.kind), leases(client, request.boardId, request.kind)]);
    const visible = new Set(holders.map((h) => h.token));
    const now = Date.now();
    const live: string[] = [];
    const stale: string[] = [];
    for (const [token, at] of board) {
        if (token === mine) continue;
        if (visible.has(token) || now - at > LEASE_TTL_MS) stale.push(token);
        else live.push(token);
    }
    return { holders, live, stale };
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

interface Queue { tail: Promise<void>; stalled?: { holders: string; message: string } }
type Queues = Map<string, Queue>;
/** This process's queues: one dynamic-provider process serves one stack's update. A string key (not a
 * Symbol, which Pulumi's closure serialization cannot carry) on globalThis, shared by every resource's provider. */
function queues(): Queues {
    const holder = globalThis as unknown as Record<string, Queues | undefined>;
    return (holder.__workshopAccountsAdmissionQueues ??= new Map());
}

/** Runs `fn` after every earlier waiter of `name` has been admitted or has given up. */
async function inTurn<T>(name: string, fn: (queue: Queue) => Promise<T>): Promise<T> {
    const all = queues();
    const queue = all.get(name) ?? { tail: Promise.resolve() };
    all.set(name, queue);
    const before = queue.tail;
    let done!: () => void;
    const mine = new Promise<void>((resolve) => { done = resolve; });
    queue.tail = before.then(() => mine);
    await before;
    try {
        return await fn(queue);
    } finally {
        done();
    }
}

/** An admission: its lease lasts until AWS shows the request in progress, or until released. */
export interface Admission {
    /** Gives the slot back at once: the request was refused, so AWS will never count it. */
    release(): Promise<void>;
}

/**
 * Waits until Organizations has room for one more request of this kind, and holds a lease for it
 * until AWS shows the request in progress. Resolves when the caller may send its request.
 */
export async function admit(client: OrganizationsClient, request: AdmissionRequest): Promise<Admission> {
    const limit = IN_PROGRESS_LIMITS[request.kind];
    const pollMs = request.pollMs ?? POLL_MS;
    const stallLimit = request.stallLimitMs ?? STALL_LIMIT_MS[request.kind];
    const mine = subjectToken(request.subject);
    const leased: Admission = { release: () => withdraw(client, request.boardId, request.kind, [mine]) };
    const counted: Admission = { release: async () => undefined };
    return inTurn(`${request.queue}:${request.kind}`, async (queue) => {
        let lastChange = Date.now();
        let seen = "";
        for (;;) {
            const before = await count(client, request, mine);
            await withdraw(client, request.boardId, request.kind, before.stale);
            // Already in progress (a retried step): AWS counts it, nothing to wait for.
            if (before.holders.some((h) => h.token === mine)) return counted;
            if (before.holders.length + before.live.length < limit) {
                await client.send(new TagResourceCommand({ ResourceId: request.boardId, Tags: [{ Key: leaseKey(request.kind, mine), Value: String(Date.now()) }] }));
                const after = await count(client, request, mine);
                if (after.holders.length + after.live.length + 1 <= limit) return leased;
                await withdraw(client, request.boardId, request.kind, [mine]);
            }
            const holders = before.holders.map((h) => h.token).sort().join(",");
            // The waiter before this one gave up on these very holders: so does this one, at once.
            if (queue.stalled?.holders === holders) throw new Error(queue.stalled.message);
            if (holders !== seen) {
                seen = holders;
                lastChange = Date.now();
                queue.stalled = undefined;
            } else if (Date.now() - lastChange >= stallLimit) {
                const message = `waited ${Math.round(stallLimit / 60_000)} min for one of Organizations' ${limit} ${WHAT[request.kind]} ` +
                    `in progress and none finished. Holding them: ${[...before.holders.map((h) => h.label), ...before.live.map((t) => `lease ${t} (another stack about to start)`)].join("; ")}. ` +
                    "Wait for them (the Organizations console shows them) and run this again.";
                queue.stalled = { holders, message };
                throw new Error(message);
            }
            // A random pause, so waiters of several stacks that collided do not collide again.
            await sleep(pollMs * (0.5 + Math.random()));
        }
    });
}
