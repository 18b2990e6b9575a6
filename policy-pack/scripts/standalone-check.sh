#!/usr/bin/env bash
# The policy pack is self-contained: packed with `npm pack`, installed from the tarball into an
# empty folder (only its own dependencies, nothing of the program beside it), compiled with its own
# pinned TypeScript, and its entry module loaded: it must construct its PolicyPack (with the policy
# server replaced by a probe, so nothing listens). Run by CI: `bash policy-pack/scripts/standalone-check.sh`.
set -euo pipefail
pack_dir=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tarball=$(cd "$pack_dir" && npm pack --silent --pack-destination "$work" | tail -n 1)
cd "$work"
printf '{ "name": "standalone-check", "version": "0.0.0", "private": true }\n' > package.json
npm install --no-audit --no-fund --ignore-scripts --loglevel=error "./$tarball"
installed="$work/node_modules/ai-platform-policies"

# Compile every file of the pack with its own TypeScript and tsconfig (strict, noUnused*).
tsc_version=$("$work/node_modules/.bin/tsc" --version)
(cd "$installed" && "$work/node_modules/.bin/tsc" -p tsconfig.json)
echo "compiled with $tsc_version"

# Nothing in the compiled pack may reach outside it, except packages it depends on.
if grep -rhoE "require\(\"\.\./\.\./[^\"]*\"\)" "$installed/bin" | grep -q .; then
    echo "error: the compiled pack requires a module outside its folder" >&2
    exit 1
fi

# Load it as the Pulumi CLI would (working directory = the pack), recording the PolicyPack.
cd "$installed"
node -e '
const server = require(require.resolve("@pulumi/policy/server", { paths: [process.cwd()] }));
server.serve = (name, version, level, args) => {
    const n = args.policies.length;
    if (n === 0) { console.error("error: the pack has no policies"); process.exit(1); }
    console.log(`loaded ${name} ${version}: ${n} policies, default level ${level}`);
    process.exit(0);
};
require("./bin/index.js");
console.error("error: bin/index.js constructed no PolicyPack");
process.exit(1);
'
