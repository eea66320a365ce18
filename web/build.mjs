// Bundles src/ into dist/ (which the judge binary embeds): one JS and one
// CSS file named by their content's hash, and index.html pointing at them.
// `node build.mjs --check` builds into a temporary dir and fails when dist/
// differs: CI runs it, so the committed bundle always matches src/.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const check = process.argv.includes("--check");
const here = new URL(".", import.meta.url).pathname;
const out = check ? mkdtempSync(join(tmpdir(), "judge-web-")) : join(here, "dist");

const bundled = await build({
  // Paths in the output are relative to this, so the bundle is the same from any cwd.
  absWorkingDir: here,
  entryPoints: { app: join(here, "src/main.ts") },
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  write: false,
  outdir: "out",
  entryNames: "[name]-[hash]",
  legalComments: "none",
  logLevel: "warning",
});

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });
const names = {};
for (const file of bundled.outputFiles) {
  const name = file.path.split("/").pop();
  names[name.endsWith(".css") ? "css" : "js"] = name;
  writeFileSync(join(out, "assets", name), file.contents);
}
const css = readFileSync(join(here, "src/style.css"));
const cssName = `style-${createHash("sha256").update(css).digest("hex").slice(0, 8).toUpperCase()}.css`;
writeFileSync(join(out, "assets", cssName), css);
writeFileSync(
  join(out, "index.html"),
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csp-nonce" content="{{CSP_NONCE}}">
<link rel="icon" href="data:,">
<title>judge</title>
<link rel="stylesheet" href="/assets/${cssName}">
<script type="module" src="/assets/${names.js}"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header id="top"></header>
<main id="main" tabindex="-1"></main>
</body>
</html>
`,
);

if (check) {
  const list = (dir) =>
    readdirSync(dir, { recursive: true }).filter((f) => !f.endsWith("/")).sort();
  const ours = list(join(here, "dist"));
  const fresh = list(out);
  const same =
    JSON.stringify(ours) === JSON.stringify(fresh) &&
    fresh.every((f) => {
      try {
        return readFileSync(join(here, "dist", f)).equals(readFileSync(join(out, f)));
      } catch {
        return true; // a directory
      }
    });
  rmSync(out, { recursive: true, force: true });
  if (!same) {
    console.error("web/dist does not match web/src: run `npm run build` in web/ and commit dist/");
    process.exit(1);
  }
  console.log("web/dist matches web/src");
}
