import {
    type AttributeValue, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand, UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";

import {
    RECORD_KEYS, REGISTRATION_PREFIX, type RegistrationRecord, type RegistrationStatus, TABLE_KEY, TTL_ATTRIBUTE,
} from "./records";

/**
 * Every read and write of the registrations table, for the function and the driver alike. There
 * are no transactions: each step is one conditional write, ordered so that a step that fails
 * leaves nothing a later request could mistake for more than it is.
 */
type Item = Record<string, AttributeValue>;

const str = (value: string): AttributeValue => ({ S: value });
const num = (value: number): AttributeValue => ({ N: String(value) });
const keyOf = (pk: string): Item => ({ [TABLE_KEY]: str(pk) });

function isConditionFailure(error: unknown): boolean {
    return (error as { name?: string } | undefined)?.name === "ConditionalCheckFailedException";
}

function recordOf(item: Item): RegistrationRecord {
    const s = (name: string) => item[name]?.S;
    const n = (name: string) => Number(item[name]?.N ?? 0);
    return {
        email: s("email") ?? "",
        name: s("name") ?? "",
        status: (s("status") ?? "pending") as RegistrationStatus,
        tokenHash: s("tokenHash") ?? "",
        requestedAt: s("requestedAt") ?? "",
        tokenExpiresAt: n("tokenExpiresAt"),
        ...(s("confirmedAt") ? { confirmedAt: s("confirmedAt") } : {}),
        expiresAt: n(TTL_ATTRIBUTE),
    };
}

/** The UTC hour a cap counts in, e.g. 2026-11-23T14. */
export function capHour(now: Date): string {
    return now.toISOString().slice(0, 13);
}

export class RegistrationTable {
    constructor(private readonly client: DynamoDBClient, readonly tableName: string) {}

    private async get(pk: string): Promise<Item | undefined> {
        const { Item: item } = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: keyOf(pk), ConsistentRead: true }));
        return item;
    }

    private async counter(pk: string, attribute: string): Promise<number> {
        return Number((await this.get(pk))?.[attribute]?.N ?? 0);
    }

    /** Adds to a counter item; with `below`, only while the counter stays under it. False when it would not. */
    private async add(pk: string, attribute: string, amount: number, options: { below?: number; expiresAt?: number } = {}): Promise<boolean> {
        try {
            await this.client.send(new UpdateItemCommand({
                TableName: this.tableName,
                Key: keyOf(pk),
                UpdateExpression: `ADD #n :amount${options.expiresAt !== undefined ? " SET #ttl = :ttl" : ""}`,
                ...(options.below !== undefined ? { ConditionExpression: "attribute_not_exists(#n) OR #n < :below" } : {}),
                ExpressionAttributeNames: { "#n": attribute, ...(options.expiresAt !== undefined ? { "#ttl": TTL_ATTRIBUTE } : {}) },
                ExpressionAttributeValues: {
                    ":amount": num(amount),
                    ...(options.below !== undefined ? { ":below": num(options.below) } : {}),
                    ...(options.expiresAt !== undefined ? { ":ttl": num(options.expiresAt) } : {}),
                },
            }));
            return true;
        } catch (error) {
            if (isConditionFailure(error)) return false;
            throw error;
        }
    }

    /** Counts one more request against an hourly cap; false when the cap is reached. The item expires an hour after its hour. */
    takeHourlySlot(pk: string, cap: number, now: Date): Promise<boolean> {
        const hourEnd = Math.floor(now.getTime() / 3_600_000) * 3600 + 3600;
        return this.add(pk, "count", 1, { below: cap, expiresAt: hourEnd + 3600 });
    }

    /** Students in the roster plus registrations confirmed and not pulled yet. */
    async seatsTaken(): Promise<{ roster: number; confirmed: number }> {
        return { roster: await this.counter(RECORD_KEYS.roster, "students"), confirmed: await this.counter(RECORD_KEYS.seats, "confirmed") };
    }

    /** Takes a seat for a confirmation while fewer than maxStudents are taken; false when full. */
    async takeSeat(maxStudents: number): Promise<boolean> {
        const free = maxStudents - await this.counter(RECORD_KEYS.roster, "students");
        return free > 0 && this.add(RECORD_KEYS.seats, "confirmed", 1, { below: free });
    }

    releaseSeats(count: number): Promise<boolean> {
        return this.add(RECORD_KEYS.seats, "confirmed", -count);
    }

    /** What the roster holds now (the program writes it at `up`, `roster pull` after merging). */
    async setRosterStudents(students: number): Promise<void> {
        await this.client.send(new PutItemCommand({
            TableName: this.tableName, Item: { ...keyOf(RECORD_KEYS.roster), students: num(students) },
        }));
    }

    /**
     * Stores a new pending registration and the index entry of its link. Refused (false) while the
     * address has a pending link that still works, or a confirmed registration: one pending
     * confirmation per address, and nobody learns which of the two it was.
     */
    async putPending(record: RegistrationRecord, now: Date): Promise<boolean> {
        const pk = RECORD_KEYS.registration(record.email);
        // The link's entry first: alone, it leads to no registration and confirms nothing.
        await this.client.send(new PutItemCommand({
            TableName: this.tableName,
            Item: { ...keyOf(RECORD_KEYS.token(record.tokenHash)), email: str(record.email.toLowerCase()), [TTL_ATTRIBUTE]: num(record.tokenExpiresAt) },
        }));
        try {
            await this.client.send(new PutItemCommand({
                TableName: this.tableName,
                Item: {
                    ...keyOf(pk), email: str(record.email), name: str(record.name), status: str("pending"), tokenHash: str(record.tokenHash),
                    requestedAt: str(record.requestedAt), tokenExpiresAt: num(record.tokenExpiresAt), [TTL_ATTRIBUTE]: num(record.expiresAt),
                },
                ConditionExpression: "attribute_not_exists(#pk) OR (#status = :pending AND tokenExpiresAt <= :now)",
                ExpressionAttributeNames: { "#pk": TABLE_KEY, "#status": "status" },
                ExpressionAttributeValues: { ":pending": str("pending"), ":now": num(Math.floor(now.getTime() / 1000)) },
            }));
            return true;
        } catch (error) {
            if (!isConditionFailure(error)) throw error;
            await this.deleteToken(record.tokenHash);
            return false;
        }
    }

    /** Takes back a pending registration whose email could not be sent, so the student can try again. */
    async withdrawPending(email: string, tokenHash: string): Promise<void> {
        try {
            await this.client.send(new DeleteItemCommand({
                TableName: this.tableName, Key: keyOf(RECORD_KEYS.registration(email)),
                ConditionExpression: "#status = :pending AND tokenHash = :hash",
                ExpressionAttributeNames: { "#status": "status" },
                ExpressionAttributeValues: { ":pending": str("pending"), ":hash": str(tokenHash) },
            }));
        } catch (error) {
            if (!isConditionFailure(error)) throw error;
        }
        await this.deleteToken(tokenHash);
    }

    private async deleteToken(tokenHash: string): Promise<void> {
        await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: keyOf(RECORD_KEYS.token(tokenHash)) }));
    }

    /** The registration a link belongs to, when the link is the one it was last sent. */
    async findByToken(tokenHash: string): Promise<RegistrationRecord | undefined> {
        const email = (await this.get(RECORD_KEYS.token(tokenHash)))?.email?.S;
        const item = email ? await this.get(RECORD_KEYS.registration(email)) : undefined;
        const record = item && recordOf(item);
        return record?.tokenHash === tokenHash ? record : undefined;
    }

    /** Pending -> confirmed, for this link only; false when another request confirmed it first. */
    async confirm(record: RegistrationRecord, now: Date, expiresAt: number): Promise<boolean> {
        try {
            await this.client.send(new UpdateItemCommand({
                TableName: this.tableName, Key: keyOf(RECORD_KEYS.registration(record.email)),
                UpdateExpression: "SET #status = :confirmed, confirmedAt = :at, #ttl = :ttl",
                ConditionExpression: "#status = :pending AND tokenHash = :hash",
                ExpressionAttributeNames: { "#status": "status", "#ttl": TTL_ATTRIBUTE },
                ExpressionAttributeValues: {
                    ":confirmed": str("confirmed"), ":pending": str("pending"), ":hash": str(record.tokenHash),
                    ":at": str(now.toISOString()), ":ttl": num(expiresAt),
                },
            }));
            return true;
        } catch (error) {
            if (isConditionFailure(error)) return false;
            throw error;
        }
    }

    /** Every registration still stored and not expired, oldest request first. */
    async registrations(now: Date): Promise<RegistrationRecord[]> {
        const records: RegistrationRecord[] = [];
        let start: Item | undefined;
        do {
            const page = await this.client.send(new ScanCommand({
                TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey: start,
                FilterExpression: "begins_with(#pk, :prefix)",
                ExpressionAttributeNames: { "#pk": TABLE_KEY },
                ExpressionAttributeValues: { ":prefix": str(REGISTRATION_PREFIX) },
            }));
            records.push(...(page.Items ?? []).map(recordOf));
            start = page.LastEvaluatedKey;
        } while (start);
        const nowSeconds = now.getTime() / 1000;
        const alive = records.filter((r) => r.expiresAt > nowSeconds && (r.status === "confirmed" || r.tokenExpiresAt > nowSeconds));
        return alive.sort((a, b) => (a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : 0));
    }

    pulledCount(): Promise<number> {
        return this.counter(RECORD_KEYS.pulled, "count");
    }

    /**
     * A confirmed registration is in the roster now: its personal data is deleted, the seat it held
     * goes back to the roster's count and it is counted as pulled. False when it was not there (any more).
     */
    async markPulled(record: RegistrationRecord): Promise<boolean> {
        try {
            await this.client.send(new DeleteItemCommand({
                TableName: this.tableName, Key: keyOf(RECORD_KEYS.registration(record.email)),
                ConditionExpression: "#status = :confirmed",
                ExpressionAttributeNames: { "#status": "status" },
                ExpressionAttributeValues: { ":confirmed": str("confirmed") },
            }));
        } catch (error) {
            if (isConditionFailure(error)) return false;
            throw error;
        }
        await this.deleteToken(record.tokenHash);
        await this.releaseSeats(1);
        await this.add(RECORD_KEYS.pulled, "count", 1);
        return true;
    }
}
