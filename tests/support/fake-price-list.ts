import type { GetProductsCommandInput, GetProductsCommandOutput } from "@aws-sdk/client-pricing";

/**
 * A Price List query API over a fixed set of products, as strict as the API it stands for:
 * https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html
 * ServiceCode is required, MaxResults is 1-100, FormatVersion is aws_v1, filters of type
 * TERM_MATCH keep only products whose attribute (or productFamily) equals the value, and the
 * answer is paginated with NextToken. Each PriceList entry is a JSON document in the aws_v1 shape.
 */

export interface FakeDimension {
    usd: string;
    unit: string;
    description: string;
    beginRange?: string;
}

export interface FakeProduct {
    serviceCode: string;
    productFamily: string;
    attributes: Record<string, string>;
    dimensions: FakeDimension[];
    effectiveDate?: string;
}

let skus = 0;

/** The aws_v1 JSON document of one product, with its OnDemand term. */
export function priceListDocument(product: FakeProduct): string {
    const sku = `SKU${String(++skus).padStart(12, "0")}`;
    const term = `${sku}.JRTCKXETXF`;
    const priceDimensions = Object.fromEntries(product.dimensions.map((d, i) => [`${term}.${i}`, {
        unit: d.unit, endRange: "Inf", description: d.description, appliesTo: [], rateCode: `${term}.${i}`,
        beginRange: d.beginRange ?? "0", pricePerUnit: { USD: d.usd },
    }]));
    return JSON.stringify({
        product: { productFamily: product.productFamily, attributes: { servicecode: product.serviceCode, locationType: "AWS Region", ...product.attributes }, sku },
        serviceCode: product.serviceCode,
        terms: { OnDemand: { [term]: { priceDimensions, sku, effectiveDate: product.effectiveDate ?? "2025-10-01T00:00:00Z", offerTermCode: "JRTCKXETXF", termAttributes: {} } } },
        version: "20251001000000",
        publicationDate: "2025-10-01T00:00:00Z",
    });
}

function invalid(message: string): Error {
    return Object.assign(new Error(message), { name: "InvalidParameterException" });
}

export function fakePriceList(products: FakeProduct[]): (input: GetProductsCommandInput) => GetProductsCommandOutput {
    const documents = products.map((p) => ({ product: p, json: priceListDocument(p) }));
    return (input) => {
        if (!input.ServiceCode) throw invalid("ServiceCode is required");
        const max = input.MaxResults ?? 100;
        if (!Number.isInteger(max) || max < 1 || max > 100) throw invalid(`MaxResults must be 1-100, got ${max}`);
        if (input.FormatVersion && input.FormatVersion !== "aws_v1") throw invalid(`FormatVersion must be aws_v1, got ${input.FormatVersion}`);
        const matching = documents.filter(({ product }) => product.serviceCode === input.ServiceCode && (input.Filters ?? []).every((f) => {
            if (f.Type !== "TERM_MATCH") throw invalid(`this fake answers TERM_MATCH filters only, got ${f.Type}`);
            const value = f.Field === "productFamily" ? product.productFamily : { locationType: "AWS Region", ...product.attributes }[f.Field ?? ""];
            return value === f.Value;
        }));
        const offset = Number(input.NextToken ?? 0);
        const page = matching.slice(offset, offset + max);
        const next = offset + max < matching.length ? String(offset + max) : undefined;
        return { FormatVersion: "aws_v1", PriceList: page.map((d) => d.json), ...(next ? { NextToken: next } : {}), $metadata: {} } as GetProductsCommandOutput;
    };
}

/** Products of the test workshop's two regions, as the real Price List shapes them (neighbours included, so the pick is tested). */
export function workshopProducts(): FakeProduct[] {
    const regions: [string, string][] = [["us-east-1", ""], ["us-west-2", "USW2-"]];
    return regions.flatMap(([regionCode, prefix]): FakeProduct[] => [
        ...(["p3.2xlarge:3.0600000000", "t3.micro:0.0104000000"].map((pair): FakeProduct => {
            const [instanceType, usd] = pair.split(":");
            return { serviceCode: "AmazonEC2", productFamily: "Compute Instance",
                attributes: { regionCode, instanceType, operatingSystem: "Linux", tenancy: "Shared", preInstalledSw: "NA", capacitystatus: "Used",
                    licenseModel: "No License required", marketoption: "OnDemand", usagetype: `${prefix}BoxUsage:${instanceType}` },
                dimensions: [{ usd, unit: "Hrs", description: `$${Number(usd)} per On Demand Linux ${instanceType} Instance Hour` }] };
        })),
        { serviceCode: "AmazonEC2", productFamily: "NAT Gateway", attributes: { regionCode, group: "NGW:NatGateway", usagetype: `${prefix}NatGateway-Hours` },
            dimensions: [{ usd: "0.0450000000", unit: "Hrs", description: "$0.045 per NAT Gateway Hour" }] },
        { serviceCode: "AmazonEC2", productFamily: "NAT Gateway", attributes: { regionCode, group: "NGW:NatGateway", usagetype: `${prefix}NatGateway-Bytes` },
            dimensions: [{ usd: "0.0450000000", unit: "GB", description: "$0.045 per GB Data Processed by NAT Gateways" }] },
        { serviceCode: "AmazonEC2", productFamily: "NAT Gateway", attributes: { regionCode, group: "NGW:RegionalNatGateway", usagetype: `${prefix}RegionalNatGateway-Hours` },
            dimensions: [{ usd: "0.0700000000", unit: "Hrs", description: "$0.07 per Regional NAT Gateway Hour" }] },
        { serviceCode: "AmazonEC2", productFamily: "Storage", attributes: { regionCode, volumeApiName: "gp3", usagetype: `${prefix}EBS:VolumeUsage.gp3` },
            dimensions: [{ usd: "0.0800000000", unit: "GB-Mo", description: "$0.08 per GB-month of General Purpose (gp3) provisioned storage" }] },
        { serviceCode: "AmazonEC2", productFamily: "Storage", attributes: { regionCode, volumeApiName: "gp3", usagetype: `${prefix}EBS:VolumeUsage.gp3`, locationType: "AWS Outposts" },
            dimensions: [{ usd: "0.1100000000", unit: "GB-Mo", description: "Outposts gp3" }] },
        { serviceCode: "AmazonEC2", productFamily: "Provisioned Throughput", attributes: { regionCode, volumeApiName: "gp3", usagetype: `${prefix}EBS:VolumeP-Throughput.gp3` },
            dimensions: [{ usd: "40.9600000000", unit: "GiBps-mo", description: "$40.96 per GiBps-mo of gp3 throughput above 125 MiBps" }] },
        { serviceCode: "AmazonVPC", productFamily: "", attributes: { regionCode, group: "VPCPublicIPv4Address", usagetype: `${prefix || "USE1-"}PublicIPv4:IdleAddress` },
            dimensions: [{ usd: "0.0050000000", unit: "Hrs", description: "$0.005 per Idle public IPv4 address per hour" }] },
        { serviceCode: "AmazonBedrock", productFamily: "Amazon Bedrock", attributes: { regionCode, model: "Nova Lite", usagetype: `${prefix || "USE1-"}NovaLite-input-tokens` },
            dimensions: [{ usd: "0.0000600000", unit: "1K tokens", description: "Amazon Bedrock Nova Lite input tokens per 1K" }] },
        { serviceCode: "AmazonBedrock", productFamily: "Amazon Bedrock", attributes: { regionCode, model: "Nova Lite", usagetype: `${prefix || "USE1-"}NovaLite-output-tokens` },
            dimensions: [{ usd: "0.0002400000", unit: "1K tokens", description: "Amazon Bedrock Nova Lite output tokens per 1K" }] },
        { serviceCode: "AmazonBedrock", productFamily: "Amazon Bedrock", attributes: { regionCode, model: "Nova Lite", usagetype: `${prefix || "USE1-"}NovaLite-output-tokens-batch` },
            dimensions: [{ usd: "0.0001200000", unit: "1K tokens", description: "Nova Lite batch output tokens per 1K" }] },
    ]);
}
