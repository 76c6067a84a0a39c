/**
 * Services (or parts of one) whose capacity IAM cannot size: no condition key names the node or
 * instance type, or the service launches it later through its own service-linked role, which SCPs
 * do not govern. The guardrails deny them (SCP scp-service-limits, DenyUnsizedServices) unless the
 * instructor lists their id in `allowedServices`; opening one opens it at any size.
 * The README's Guardrails section lists the same ids; tests check every action name here against AWS's list.
 */
export const GATED_SERVICES = {
    "redshift": { actions: ["redshift:*"], what: "Redshift provisioned clusters (no node-type key)" },
    "redshift-serverless": { actions: ["redshift-serverless:*"], what: "Redshift Serverless workgroups (base RPUs have no key)" },
    "es": { actions: ["es:*"], what: "OpenSearch Service domains (no instance-type key)" },
    "aoss": { actions: ["aoss:*"], what: "OpenSearch Serverless, billed per OCU-hour from the first collection (also Bedrock knowledge bases' quick-create store)" },
    "elasticmapreduce": { actions: ["elasticmapreduce:*"], what: "EMR clusters (instance groups and fleets have no key)" },
    "emr-serverless": { actions: ["emr-serverless:*"], what: "EMR Serverless applications (pre-initialized capacity)" },
    "kafka": { actions: ["kafka:*"], what: "MSK clusters (no broker-type key)" },
    "elasticache": { actions: ["elasticache:*"], what: "ElastiCache clusters and serverless caches (node types have a key, but workshops rarely need a cache and one more allow-list is not worth it)" },
    "memorydb": { actions: ["memorydb:*"], what: "MemoryDB clusters (no node-type key)" },
    "dax": { actions: ["dax:*"], what: "DynamoDB Accelerator clusters (no node-type key)" },
    "docdb-elastic": { actions: ["docdb-elastic:*"], what: "DocumentDB elastic clusters (shard capacity has no key)" },
    "neptune-graph": { actions: ["neptune-graph:*"], what: "Neptune Analytics graphs (memory capacity has no key)" },
    "eks": { actions: ["eks:*"], what: "EKS: managed node groups, Fargate and Auto Mode launch through EKS's service-linked roles, with no instance-type key" },
    "batch": { actions: ["batch:*"], what: "Batch compute environments launch through Batch's service-linked role" },
    "fsx": { actions: ["fsx:*"], what: "FSx file systems (throughput and storage capacity have no key)" },
    "gamelift": { actions: ["gamelift:*"], what: "GameLift fleets of any instance type" },
    "appstream": { actions: ["appstream:*"], what: "AppStream fleets of any instance type" },
    "workspaces": { actions: ["workspaces:*"], what: "WorkSpaces (monthly bundles, no bundle key)" },
    "kendra": { actions: ["kendra:*"], what: "Kendra indexes, billed per hour from creation" },
    "braket": { actions: ["braket:*"], what: "Braket quantum tasks and reservations" },
    "airflow": { actions: ["airflow:*"], what: "Managed Airflow environments (environment class has no key)" },
    "dms": { actions: ["dms:*"], what: "DMS replication instances (no class key)" },
    "timestream-influxdb": { actions: ["timestream-influxdb:*"], what: "Timestream for InfluxDB instances (no class key)" },
    "medialive": { actions: ["medialive:*"], what: "MediaLive channels, billed per hour while running" },
    "deadline": { actions: ["deadline:*"], what: "Deadline Cloud service-managed fleets of any instance type" },
    "snowball": { actions: ["snowball:*"], what: "Snow Family device jobs" },
    "comprehend-endpoints": { actions: ["comprehend:CreateEndpoint", "comprehend:UpdateEndpoint"], what: "Comprehend real-time endpoints (inference units have no key)" },
    "rekognition-custom-labels": { actions: ["rekognition:StartProjectVersion"], what: "running Rekognition Custom Labels models (inference units have no key)" },
    "aurora-limitless": { actions: ["rds:CreateDBShardGroup"], what: "Aurora Limitless shard groups (maximum ACUs have no key)" },
    "sagemaker-auto-sized": {
        actions: ["sagemaker:CreateAutoMLJob", "sagemaker:CreateAutoMLJobV2", "sagemaker:CreateInferenceRecommendationsJob", "sagemaker:CreateOptimizationJob"],
        what: "SageMaker jobs that choose their own instances (Autopilot, inference recommendations, optimization)",
    },
    // Hourly billers no condition key can size: each action's "Condition keys" column in the Service
    // Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html)
    // lists no count, size or class for them (tests/policies/gated-services-keys.test.ts reads the same data).
    "lambda-provisioned-concurrency": {
        actions: ["lambda:PutProvisionedConcurrencyConfig"],
        what: "Lambda provisioned concurrency, billed per GB-second while configured, invoked or not (no concurrency key)",
    },
    "lightsail": { actions: ["lightsail:*"], what: "Lightsail instances, databases, container services and load balancers (no bundle key)" },
    "globalaccelerator": { actions: ["globalaccelerator:*"], what: "Global Accelerator, a fixed fee per accelerator-hour (no key)" },
    "mq": { actions: ["mq:*"], what: "Amazon MQ brokers (no broker instance-type key)" },
    "transfer": { actions: ["transfer:*"], what: "Transfer Family servers, billed per protocol-hour from creation (no count key)" },
    "ds": { actions: ["ds:*"], what: "Directory Service directories, billed per domain-controller hour (no edition or size key)" },
    "apprunner": { actions: ["apprunner:*"], what: "App Runner services, billed per GB-hour of provisioned memory while active, idle or not (no instance-size key)" },
    "route53resolver-endpoints": {
        actions: ["route53resolver:CreateResolverEndpoint", "route53resolver:AssociateResolverEndpointIpAddress"],
        what: "Route 53 Resolver inbound and outbound endpoints, billed per network interface-hour (no count key)",
    },
    "client-vpn": {
        actions: ["ec2:CreateClientVpnEndpoint", "ec2:AssociateClientVpnTargetNetwork"],
        what: "Client VPN endpoints, billed per associated subnet-hour and connection-hour (no count key)",
    },
    "site-to-site-vpn": { actions: ["ec2:CreateVpnConnection"], what: "Site-to-Site VPN connections, billed per connection-hour" },
    "transit-gateway": { actions: ["ec2:CreateTransitGateway*"], what: "Transit gateways and their attachments, billed per attachment-hour" },
} as const satisfies Record<string, { actions: readonly string[]; what: string }>;

export type GatedServiceId = keyof typeof GATED_SERVICES;

export function isGatedServiceId(id: string): id is GatedServiceId {
    return Object.prototype.hasOwnProperty.call(GATED_SERVICES, id);
}

/** The actions the guardrails deny for a workshop that opened `allowedServices`. */
export function closedServiceActions(allowedServices: readonly string[]): string[] {
    return (Object.keys(GATED_SERVICES) as GatedServiceId[])
        .filter((id) => !allowedServices.includes(id))
        .flatMap((id) => GATED_SERVICES[id].actions);
}
