// Packages a platform-specific .vsix with the vouch binary inside (server/vouch),
// which the extension uses when vouch.server.path is unset and no vouch is on PATH.
//   VOUCH_BIN=../../target/release/vouch node scripts/package-platform.mjs [target]
// The target defaults to this machine's (linux-x64 here); the binary must be built for it.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = process.argv[2] ?? process.env.VSCE_TARGET ?? `${process.platform}-${process.arch}`;
const known = ["linux-x64", "linux-arm64", "linux-armhf", "alpine-x64", "alpine-arm64", "darwin-x64", "darwin-arm64", "win32-x64", "win32-arm64"];
if (!known.includes(target)) {
  console.error(`package-platform: unknown target ${target} (one of ${known.join(", ")})`);
  process.exit(2);
}
const bin = path.resolve(process.env.VOUCH_BIN ?? path.join(root, "..", "..", "target", "release", "vouch"));
if (!fs.existsSync(bin)) {
  console.error(`package-platform: ${bin} is missing: build it with \`cargo build --release\` or set VOUCH_BIN`);
  process.exit(2);
}
const server = path.join(root, "server");
const name = target.startsWith("win32") ? "vouch.exe" : "vouch";
const out = `vouch-${target}.vsix`;
fs.rmSync(server, { recursive: true, force: true });
fs.mkdirSync(server);
try {
  fs.copyFileSync(bin, path.join(server, name));
  fs.chmodSync(path.join(server, name), 0o755);
  const vsce = path.join(root, "node_modules", ".bin", "vsce");
  execFileSync(vsce, ["package", "--target", target, "--no-dependencies", "--allow-missing-repository", "--skip-license", "-o", out], {
    cwd: root,
    stdio: "inherit",
  });
  const mb = (fs.statSync(path.join(root, out)).size / 1e6).toFixed(1);
  console.log(`package-platform: ${out} (${mb} MB) carries ${bin}`);
} finally {
  fs.rmSync(server, { recursive: true, force: true });
}
