// Bundles the extension and vscode-languageclient into dist/extension.js.
// `vscode` is provided by the editor at run time, so it stays external.
import { build } from "esbuild";

await build({
  entryPoints: ["src/extension.ts"],
  bundle: true,
  outfile: "dist/extension.js",
  external: ["vscode"],
  format: "cjs",
  platform: "node",
  target: "node18", // VS Code 1.82 ships Electron 25 with Node 18
  sourcemap: false,
  minify: process.argv.includes("--minify"),
  logLevel: "info",
});
