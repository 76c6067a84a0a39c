import * as pulumi from "@pulumi/pulumi";

import { assumeInto, type AwsConnection, type ProviderConfig, stackCredentials,type StaticCredentials } from "./aws-connection";
import { diffBy } from "./provider-diff";

export interface RoleReadyInputs {
    connection: AwsConnection;
    roleArn: string;
    /** How long to keep trying before giving up with the error. */
    timeoutSeconds: number;
}

type Inputs = RoleReadyInputs & Record<string, unknown>;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Creating it waits until the role can be assumed. A new account's OrganizationAccountAccessRole
 * exists once CreateAccount succeeds, but IAM is eventually consistent and AssumeRole can be
 * refused for a while; a provider that assumes it at that moment fails all its resources.
 * Retries with backoff, bounded by `timeoutSeconds`; its output `roleArn` is what the provider uses.
 */
class RoleReadyProvider implements pulumi.dynamic.ResourceProvider {
    private credentials?: StaticCredentials;

    async configure(req: { config: ProviderConfig }): Promise<void> {
        this.credentials = stackCredentials(req.config);
    }

    async create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
        const deadline = Date.now() + inputs.timeoutSeconds * 1000;
        for (let attempt = 0; ; attempt++) {
            try {
                await assumeInto(inputs.connection, this.credentials, inputs.roleArn, "workshop-accounts-role-ready");
                return { id: inputs.roleArn, outs: { ...inputs, attempts: attempt + 1 } };
            } catch (error) {
                const name = (error as { name?: string }).name ?? "";
                if (!/AccessDenied|InvalidClientTokenId|ExpiredToken|Throttling/.test(name) || Date.now() >= deadline) {
                    throw new Error(`${inputs.roleArn} could not be assumed after ${attempt + 1} attempt(s) ` +
                        `over ${inputs.timeoutSeconds} s: ${(error as Error).message}`, { cause: error });
                }
                await sleep(Math.min(30_000, 2_000 * 2 ** attempt));
            }
        }
    }

    async diff(_id: string, olds: Inputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
        return diffBy(olds, news, "roleArn", []);
    }

    async delete(): Promise<void> {
        // Nothing to undo: it only waited.
    }
}

const provider = new RoleReadyProvider();

export class RoleReady extends pulumi.dynamic.Resource {
    declare readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: { [K in keyof RoleReadyInputs]: pulumi.Input<RoleReadyInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...args }, opts, "workshop-accounts", "RoleReady");
    }
}
