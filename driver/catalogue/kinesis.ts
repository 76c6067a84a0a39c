import { DescribeStreamSummaryCommand, KinesisClient, paginateListStreams, type StreamDescriptionSummary, UpdateStreamModeCommand } from "@aws-sdk/client-kinesis";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "../inventory/billable";
import { collect, describeEach, isoDate, type Lister, located } from "../inventory/lister";
import { type CatalogueEntry, orGone, priced } from "./entry";

/**
 * An on-demand stream bills a stream-hour ($0.04) where a provisioned one bills each shard-hour
 * ($0.015; https://aws.amazon.com/kinesis/data-streams/pricing/): switching saves only above this many shards.
 */
export const SHARDS_WORTH_SWITCHING = 3;

function streamResource(scope: RegionScope, stream: StreamDescriptionSummary): BillableResource {
    const mode = stream.StreamModeDetails?.StreamMode === "ON_DEMAND" ? "on-demand" : "provisioned";
    const state = stream.StreamStatus ?? "unknown";
    return {
        ...located(scope, "kinesis-stream", stream.StreamName ?? ""),
        arn: stream.StreamARN,
        state,
        billing: state !== "DELETING",
        since: isoDate(stream.StreamCreationTimestamp),
        capacityMode: mode,
        count: stream.OpenShardCount ?? 0,
    };
}

async function describeStream(scope: RegionScope, name: string): Promise<BillableResource[]> {
    const answer = await scope.client(KinesisClient).send(new DescribeStreamSummaryCommand({ StreamName: name }));
    return answer.StreamDescriptionSummary ? [streamResource(scope, answer.StreamDescriptionSummary)] : [];
}

/** ListStreams says the mode but not the shards: DescribeStreamSummary gives the open shard count. */
const streamsLister: Lister = {
    what: "Kinesis data streams",
    kinds: ["kinesis-stream"],
    list: async (scope) => {
        const streams = await collect(paginateListStreams({ client: scope.client(KinesisClient) }, {}), (p) => p.StreamSummaries);
        return describeEach(streams, (s) => describeStream(scope, s.StreamName ?? ""));
    },
};

export const kinesisEntries: CatalogueEntry[] = [
    {
        kind: "kinesis-stream",
        listedBy: streamsLister,
        pricing: (stream) => (stream.capacityMode === "on-demand"
            ? priced.one(stream, { kind: "kinesis", region: stream.region, capacity: "on-demand-stream" })
            : priced.one(stream, { kind: "kinesis", region: stream.region, capacity: "shard" }, stream.count ?? 0)),
        freeze: {
            // The stream and its retained records stay; on-demand bills one stream-hour and the data the frozen account no longer writes.
            verb: "switch to on-demand", api: "kinesis:UpdateStreamMode",
            atRest: (stream) => stream.capacityMode === "on-demand" || (stream.count ?? 0) < SHARDS_WORTH_SWITCHING || !stream.billing,
            stop: async (scope, stream) => {
                await scope.client(KinesisClient).send(new UpdateStreamModeCommand({ StreamARN: stream.arn, StreamModeDetails: { StreamMode: "ON_DEMAND" } }));
                return "done";
            },
            current: (scope, stream) => orGone(() => describeStream(scope, stream.id)),
        },
    },
];
