/**
 * Bedrock model ids as CloudWatch's ModelId dimension reports them, reduced to the foundation
 * model whose on-demand token price applies.
 */

/**
 * Geographic cross-region inference profiles ("us.anthropic.claude-3-5-haiku-...") bill at the
 * foundation model's on-demand price; https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html
 * The global profile ("global.") is priced on its own, so it is not folded in here.
 */
const GEOGRAPHIC_PROFILE = /^(us|eu|apac|jp|au|ca|us-gov)\.(?=[a-z0-9-]+\.)/;

export type ModelIdentity =
    | { kind: "on-demand"; modelId: string; viaProfile?: string }
    | { kind: "unpriced"; reason: string };

export function modelIdentity(dimension: string): ModelIdentity {
    const id = dimension.trim();
    if (id.startsWith("arn:")) {
        // Provisioned throughput, custom and imported models bill per model-unit hour or per copy, not per token.
        return { kind: "unpriced", reason: `${id} is a provisioned, custom or imported model: it bills per model unit, not per token` };
    }
    if (id.startsWith("global.")) return { kind: "unpriced", reason: `${id} is a global inference profile, priced apart from the model; no price is known for it` };
    const profile = GEOGRAPHIC_PROFILE.exec(id);
    if (profile) return { kind: "on-demand", modelId: id.slice(profile[0].length), viaProfile: profile[1] };
    return { kind: "on-demand", modelId: id };
}

/**
 * Price List product names (the `model` attribute of service AmazonBedrock) for the foundation
 * models whose naming there is known; other models are priced from the bundled table or unknown.
 */
export const PRICE_LIST_MODEL_NAMES: Readonly<Record<string, string>> = {
    "amazon.nova-micro-v1:0": "Nova Micro",
    "amazon.nova-lite-v1:0": "Nova Lite",
    "amazon.nova-pro-v1:0": "Nova Pro",
};
