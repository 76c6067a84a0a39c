import { type AwsClients,awsClients } from "../../driver/aws/clients";

/** Fixed keys and region: no test may reach for the machine's own AWS credentials. */
export const TEST_AWS_ENV = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1" };

/** The driver's real client factory with test credentials; aws-sdk-client-mock intercepts what it builds. */
export function testAwsClients(env: NodeJS.ProcessEnv = {}): AwsClients {
    return awsClients({ env: { ...TEST_AWS_ENV, ...env } });
}

/** The test factory, except that it hands out these (instance-mocked) clients for their classes. */
export function awsWith(...instances: object[]): AwsClients {
    const base = testAwsClients();
    return {
        ...base,
        client: (Client, options) => (instances.find((i) => i instanceof Client) as never) ?? base.client(Client, options),
    };
}
