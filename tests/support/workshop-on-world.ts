import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

import { TEST_CONFIG } from "../fixtures/workshop";
import { AwsWorld, type WorldOptions } from "./aws-rules/world";
import { MockBackend, MockEngine, type StateEntry } from "./mock-engine";

export const TYPES = {
    account: "aws:organizations/account:Account",
    ou: "aws:organizations/organizationalUnit:OrganizationalUnit",
    policy: "aws:organizations/policy:Policy",
    user: "aws:identitystore/user:User",
    budget: "aws:budgets/budget:Budget",
    gate: "pulumi-nodejs:dynamic/workshop-accounts:AccountGate",
} as const;

export interface RosterStudent { email: string; name: string; budget?: number }

/** `count` roster students: student1@uni.example, student2@uni.example, ... */
export function students(count: number, from = 1): RosterStudent[] {
    return Array.from({ length: count }, (_, i) => ({ email: `student${from + i}@uni.example`, name: `Student Number${from + i}` }));
}

/**
 * A workshop stack on the mock engine, deployed into a rules-model AWS: a temporary roster file the
 * test rewrites, the engine, and its world. `close()` removes the directory.
 */
export class WorkshopOnWorld {
    readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "workshop-world-"));
    readonly world: AwsWorld;
    readonly engine: MockEngine;

    constructor(roster: RosterStudent[], options: { config?: Record<string, string>; world?: WorldOptions | AwsWorld; stack?: string; backend?: MockBackend } = {}) {
        this.world = options.world instanceof AwsWorld ? options.world : new AwsWorld(options.world);
        this.writeRoster(roster);
        this.engine = new MockEngine({
            stack: options.stack ?? "dev", world: this.world, ...(options.backend ? { backend: options.backend } : {}),
            config: { ...TEST_CONFIG, rosterPath: path.join(this.dir, "roster.yaml"), ...options.config },
        });
    }

    writeRoster(roster: RosterStudent[]): void {
        fs.writeFileSync(path.join(this.dir, "roster.yaml"), stringify({ students: roster }));
    }

    ofType(type: string): StateEntry[] {
        return this.engine.resources().filter((r) => r.type === type);
    }

    /** The workshop OU's id as deployed. */
    ouId(): string {
        return this.ofType(TYPES.ou).find((r) => r.name === "workshop")!.id;
    }

    close(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
