import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { diyStackFiles, fileBackendRoot, localStateVersion } from "../../../driver/pulumi/state-version";

describe("stack state version", () => {
    describe("where a file backend keeps a stack", () => {
        it("reads the state root from a file:// URL: absolute, home, or relative to the project", () => {
            expect(fileBackendRoot("file:///work/p/.pulumi-state", "/work/p", "/home/me")).to.equal("/work/p/.pulumi-state");
            expect(fileBackendRoot("file://~", "/work/p", "/home/me")).to.equal("/home/me");
            expect(fileBackendRoot("file://~/states", "/work/p", "/home/me")).to.equal("/home/me/states");
            expect(fileBackendRoot("file://./state", "/work/p", "/home/me")).to.equal("/work/p/state");
        });
        it("has no file path for other backends", () => {
            for (const url of ["https://api.pulumi.com", "s3://bucket/prefix", "azblob://c", "gs://b"]) {
                expect(fileBackendRoot(url, "/work/p", "/home/me")).to.equal(undefined);
            }
        });
        it("is .pulumi/stacks/<project>/<stack>.json (or .gz / .zst), or the legacy .pulumi/stacks/<stack>.json", () => {
            // https://github.com/pulumi/pulumi/blob/master/pkg/backend/diy/store.go (StackBasePath of both layouts)
            expect(diyStackFiles("/s", "workshop-accounts", "dev")).to.deep.equal([
                "/s/.pulumi/stacks/workshop-accounts/dev.json", "/s/.pulumi/stacks/workshop-accounts/dev.json.gz",
                "/s/.pulumi/stacks/workshop-accounts/dev.json.zst",
                "/s/.pulumi/stacks/dev.json", "/s/.pulumi/stacks/dev.json.gz", "/s/.pulumi/stacks/dev.json.zst",
            ]);
        });
        it("takes the project and stack from a fully qualified stack name", () => {
            expect(diyStackFiles("/s", "workshop-accounts", "organization/other/nov")[0]).to.equal("/s/.pulumi/stacks/other/nov.json");
            expect(diyStackFiles("/s", "workshop-accounts", "organization/nov")[0]).to.equal("/s/.pulumi/stacks/workshop-accounts/nov.json");
        });
    });

    describe("localStateVersion", () => {
        let dir: string;
        let files: string[];
        beforeEach(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "state-version-"));
            files = diyStackFiles(dir, "workshop-accounts", "dev");
        });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
        const write = (file: string, text: string, mtime: Date) => {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, text);
            fs.utimesSync(file, mtime, mtime);
        };

        it("is the same while the state file is untouched, and changes when Pulumi rewrites it", async () => {
            const absent = await localStateVersion(files);
            write(files[0], '{"version":3}', new Date("2026-11-23T10:00:00Z"));
            const first = await localStateVersion(files);
            expect(first).not.to.equal(absent);
            expect(await localStateVersion(files)).to.equal(first);
            write(files[0], '{"version":3,"x":1}', new Date("2026-11-23T10:05:00Z"));
            expect(await localStateVersion(files)).not.to.equal(first);
        });
        it("notices a gzipped state appearing next to (or instead of) the plain one", async () => {
            write(files[0], "{}", new Date("2026-11-23T10:00:00Z"));
            const plain = await localStateVersion(files);
            write(files[1], "gz", new Date("2026-11-23T10:00:00Z"));
            expect(await localStateVersion(files)).not.to.equal(plain);
        });
    });
});
