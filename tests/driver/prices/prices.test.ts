import { GetProductsCommand, PricingClient } from "@aws-sdk/client-pricing";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { modelIdentity } from "../../../driver/prices/bedrock-models";
import { BUNDLED_AS_OF, bundledPrice } from "../../../driver/prices/bundled";
import { PriceBook } from "../../../driver/prices/price-book";
import { parseProduct, type PriceListRequest,priceListRequest, selectPrice } from "../../../driver/prices/price-list";
import type { PriceQuery } from "../../../driver/prices/price-query";
import { fakePriceList, type FakeProduct,priceListDocument, workshopProducts } from "../../support/fake-price-list";

function pick(query: PriceQuery, products: FakeProduct[]) {
    const request = priceListRequest(query) as PriceListRequest;
    const fake = fakePriceList(products);
    const answer = fake({ ServiceCode: request.serviceCode, FormatVersion: "aws_v1",
        Filters: Object.entries(request.filters).map(([Field, Value]) => ({ Type: "TERM_MATCH", Field, Value })) });
    return selectPrice(query, request, (answer.PriceList as string[]).map(parseProduct));
}

describe("meter prices", () => {
    describe("picking the one on-demand rate from the Price List", () => {
        const products = workshopProducts();

        it("prices a Linux instance by type and region", () => {
            expect(pick({ kind: "ec2", region: "us-west-2", instanceType: "p3.2xlarge" }, products))
                .to.deep.include({ usd: 3.06 }).and.to.have.property("detail").that.contains("USW2-BoxUsage:p3.2xlarge").and.contains("effective 2025-10-01");
        });

        it("takes the NAT gateway's hourly rate, not its per-GB or the regional gateway's", () => {
            expect(pick({ kind: "nat-gateway", region: "us-east-1" }, products)).to.deep.include({ usd: 0.045 });
        });

        it("skips the Outposts row of a volume type and converts gp3 throughput from GiBps to MiB/s", () => {
            expect(pick({ kind: "ebs-storage", region: "us-east-1", volumeType: "gp3" }, products)).to.deep.include({ usd: 0.08 });
            expect(pick({ kind: "ebs-throughput", region: "us-east-1", volumeType: "gp3" }, products)).to.deep.include({ usd: 0.04 });
        });

        it("prices public IPv4 from the AmazonVPC offer and Bedrock tokens per 1M, leaving out batch", () => {
            expect(pick({ kind: "public-ipv4", region: "us-west-2" }, products)).to.deep.include({ usd: 0.005 });
            const output = pick({ kind: "bedrock", region: "us-east-1", modelId: "us.amazon.nova-lite-v1:0", direction: "output" }, products);
            expect((output as { usd: number }).usd).to.be.closeTo(0.24, 1e-9);
        });

        it("answers unknown, never a guess, when rows disagree or nothing matches", () => {
            const twice = [...products, { ...products[0], dimensions: [{ usd: "3.5", unit: "Hrs", description: "another p3 row" }] }];
            expect(pick({ kind: "ec2", region: "us-east-1", instanceType: "p3.2xlarge" }, twice))
                .to.have.property("unknown").that.matches(/2 different rates/);
            expect(pick({ kind: "ec2", region: "us-east-1", instanceType: "p5.48xlarge" }, products))
                .to.have.property("unknown").that.matches(/no AmazonEC2 on-demand hour rate/);
        });

        it("says which queries the Price List cannot answer at all", () => {
            expect(priceListRequest({ kind: "rds", region: "us-east-1", instanceClass: "db.m5.large", engine: "oracle-se2", multiAz: false }))
                .to.have.property("unanswerable").that.matches(/license model/);
            expect(priceListRequest({ kind: "bedrock", region: "us-east-1", modelId: "anthropic.claude-3-haiku-20240307-v1:0", direction: "input" }))
                .to.have.property("unanswerable").that.matches(/Price List name/);
        });

        it("reads a product document's on-demand dimensions", () => {
            const parsed = parseProduct(priceListDocument(products[0]));
            expect(parsed.productFamily).to.equal("Compute Instance");
            expect(parsed.onDemand).to.deep.equal([{ unit: "Hrs", usd: 3.06, description: "$3.06 per On Demand Linux p3.2xlarge Instance Hour", beginRange: "0" }]);
        });
    });

    describe("Bedrock model ids", () => {
        it("folds geographic inference profiles into the model and refuses to price provisioned models per token", () => {
            expect(modelIdentity("eu.anthropic.claude-3-haiku-20240307-v1:0")).to.deep.equal({ kind: "on-demand", modelId: "anthropic.claude-3-haiku-20240307-v1:0", viaProfile: "eu" });
            expect(modelIdentity("amazon.nova-lite-v1:0")).to.deep.equal({ kind: "on-demand", modelId: "amazon.nova-lite-v1:0" });
            expect(modelIdentity("arn:aws:bedrock:us-east-1:111111111111:provisioned-model/abc")).to.have.property("kind", "unpriced");
            expect(modelIdentity("global.anthropic.claude-sonnet-4-20250514-v1:0")).to.have.property("kind", "unpriced");
        });
    });

    describe("the price book", () => {
        const pricing = mockClient(PricingClient);
        let dir: string;
        let now = new Date("2026-11-23T12:00:00Z");
        const book = (offline = false) => new PriceBook({ cachePath: path.join(dir, "price-cache.json"), now: () => now,
            ...(offline ? {} : { client: new PricingClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } }) }) });
        beforeEach(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "meter-prices-"));
            now = new Date("2026-11-23T12:00:00Z");
            pricing.reset();
            pricing.on(GetProductsCommand).callsFake(fakePriceList(workshopProducts()));
        });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
        after(() => pricing.restore());

        const p3: PriceQuery = { kind: "ec2", region: "us-east-1", instanceType: "p3.2xlarge" };
        const haiku: PriceQuery = { kind: "bedrock", region: "us-east-1", modelId: "anthropic.claude-3-haiku-20240307-v1:0", direction: "output" };
        const unknownModel: PriceQuery = { kind: "bedrock", region: "us-east-1", modelId: "acme.wonder-model-v9", direction: "output" };

        it("asks the Price List once per key, keeps the answer for the workshop and says where and when each price is from", async () => {
            const first = book();
            await first.resolve([p3, p3, haiku]);
            expect(pricing.commandCalls(GetProductsCommand)).to.have.length(1);
            expect(first.get(p3)).to.deep.include({ status: "known", usd: 3.06, unit: "hour", source: "price-list", asOf: "2026-11-23" });
            // The Price List cannot name this model, so the bundled list price answers, and says so.
            expect(first.get(haiku)).to.deep.include({ status: "known", usd: 1.25, unit: "1M tokens", source: "bundled", asOf: BUNDLED_AS_OF });
            expect((first.get(haiku) as { detail: string }).detail).to.match(/bedrock\/pricing.*Price List name/);

            now = new Date("2026-11-24T12:00:00Z");
            const second = book();
            await second.resolve([p3]);
            expect(pricing.commandCalls(GetProductsCommand)).to.have.length(1);
            expect(second.get(p3)).to.deep.include({ source: "price-list", asOf: "2026-11-23" });
        });

        it("falls back to the bundled table when the Price List throttles, and asks again only after a pause", async () => {
            pricing.on(GetProductsCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
            const prices = book();
            await prices.resolve([p3]);
            expect(prices.get(p3)).to.deep.include({ source: "bundled", usd: 3.06 });
            expect((prices.get(p3) as { detail: string }).detail).to.contain("could not be asked: Rate exceeded");
            await prices.resolve([p3]);
            expect(pricing.commandCalls(GetProductsCommand)).to.have.length(1);
            now = new Date(now.getTime() + 31 * 60_000);
            await prices.resolve([p3]);
            expect(pricing.commandCalls(GetProductsCommand)).to.have.length(2);
        });

        it("answers unknown with both reasons when neither source knows the price", async () => {
            const prices = book();
            await prices.resolve([unknownModel, { kind: "ec2", region: "ap-south-2", instanceType: "p3.2xlarge" }]);
            expect(prices.get(unknownModel)).to.deep.equal({ status: "unknown",
                reason: "the meter does not know the Price List name of acme.wonder-model-v9; the bundled table has no bedrock-output/us-east-1/acme.wonder-model-v9" });
            expect(prices.get({ kind: "ec2", region: "ap-south-2", instanceType: "p3.2xlarge" }))
                .to.have.property("reason").that.matches(/no AmazonEC2 on-demand hour rate.*no prices for ap-south-2/);
        });

        it("offline, uses the bundled table without a call", async () => {
            const prices = book(true);
            await prices.resolve([p3]);
            expect(pricing.commandCalls(GetProductsCommand)).to.have.length(0);
            expect(prices.get(p3)).to.deep.include({ source: "bundled" });
            expect(bundledPrice({ kind: "nat-gateway", region: "eu-west-1" })).to.deep.equal({ status: "unknown", reason: "the bundled table has no prices for eu-west-1" });
        });
    });
});
