// The project's architecture, kept by dependency-cruiser in `npm test` (README: Development).
// No import cycle anywhere, and every import goes down the layers below, never up:
//
//   driver  entry (cli, launch, terminal, production-hooks)
//           commands/
//           views: dashboard/ report/ doctor/
//           workshop-model/          what the views show of each student
//           features: meter/ freeze/ email/
//           planning and data: plan/ costs/ roster/ inventory/ catalogue/ prices/
//           context, hooks, ui/
//           AWS, Pulumi and GitHub calls: aws/ pulumi/ github/
//           plumbing: time/ files/ promise-pool paths
//   infra   program (index, workshop)
//           components: accounts/ identity/ guardrails/ billing/ network/ workshop-mode/ registration/
//           settings: config outputs providers
//           dynamic/ roster/
//           rules/ project-root
//
// Folders on one layer may use each other (without a cycle). Tests and benches may import anything.
const driver = (...parts) => `^driver/(${parts.join("|")})(/|\\.ts$|\\.js$)`;
const infra = (...parts) => `^infra/(${parts.join("|")})(/|\\.ts$)`;

const LAYERS = [
    { name: "driver entry", path: driver("cli", "launch", "terminal", "production-hooks") },
    { name: "driver commands", path: driver("commands") },
    { name: "driver views", path: driver("dashboard", "report", "doctor") },
    { name: "driver workshop model", path: driver("workshop-model") },
    { name: "driver features", path: driver("meter", "freeze", "email", "registration") },
    { name: "driver planning and data", path: driver("plan", "costs", "roster", "inventory", "catalogue", "prices") },
    { name: "driver context and ui", path: driver("context", "hooks", "ui") },
    { name: "driver AWS Pulumi and GitHub calls", path: driver("aws", "pulumi", "github") },
    { name: "driver plumbing", path: driver("time", "files", "promise-pool", "paths") },
    { name: "infra program", path: infra("index", "workshop") },
    { name: "infra components", path: infra("accounts", "identity", "guardrails", "billing", "network", "workshop-mode", "registration") },
    { name: "infra settings", path: infra("config", "outputs", "providers") },
    { name: "infra dynamic resources and roster", path: infra("dynamic", "roster") },
    { name: "infra rules", path: infra("rules", "project-root") },
];

/** One rule per layer: nothing below it may import it. */
const upwardImports = LAYERS.slice(0, -1).map((layer, i) => ({
    name: `not-up-to-${layer.name.replace(/ /g, "-")}`,
    comment: `${layer.name} is imported only from the layers above it (.dependency-cruiser.cjs lists them)`,
    severity: "error",
    from: { path: LAYERS.slice(i + 1).map((lower) => lower.path) },
    to: { path: layer.path },
}));

module.exports = {
    forbidden: [
        {
            name: "no-circular",
            comment: "An import cycle: split the shared piece out to where both can reach it",
            severity: "error",
            from: {},
            to: { circular: true },
        },
        {
            name: "infra-never-imports-driver",
            comment: "The Pulumi program runs without the driver",
            severity: "error",
            from: { path: "^infra/" },
            to: { path: "^driver/" },
        },
        {
            name: "every-source-has-a-layer",
            comment: "A new folder under driver/ or infra/ gets its place in LAYERS first",
            severity: "error",
            from: { path: "^(driver|infra)/", pathNot: LAYERS.map((l) => l.path) },
            to: {},
        },
        ...upwardImports,
    ],
    options: {
        doNotFollow: { path: "node_modules" },
        exclude: { path: "^(node_modules|dist)/" },
        tsPreCompilationDeps: true,
        tsConfig: { fileName: "tsconfig.json" },
    },
};
