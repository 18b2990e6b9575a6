import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../support/configs";

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
const mermaidBlock = (text: string, from: number) => {
    const start = text.indexOf("```mermaid", from);
    const end = text.indexOf("```", start + 3);
    assert.ok(start >= 0 && end > start, "a mermaid block");
    return text.slice(start, end + 3);
};

describe("README", () => {
    const readme = read("README.md");

    it("embeds the current prod diagram (CI regenerates docs/architecture-prod.md and fails on a diff)", () => {
        const begin = readme.indexOf("<!-- architecture:prod:begin -->");
        assert.ok(begin >= 0, "the README has the architecture markers");
        assert.ok(readme.indexOf("<!-- architecture:prod:end -->") > begin);
        assert.strictEqual(
            mermaidBlock(readme, begin),
            mermaidBlock(read("docs/architecture-prod.md"), 0),
            "README's diagram differs from docs/architecture-prod.md: copy the block over",
        );
    });

    it("opens with the two fresh-machine commands, the offline plan and the tests", () => {
        const firstBlock = readme.slice(readme.indexOf("```sh"), readme.indexOf("```", readme.indexOf("```sh") + 5));
        assert.match(firstBlock, /npm ci && npm run plan -- --stack dev/);
        assert.match(firstBlock, /npm test/);
        const ci = read(".ci/run");
        assert.match(ci, /^npm test$/m, "CI runs the README's test command");
    });
});
