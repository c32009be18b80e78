#!/usr/bin/env node
// Lays out `miniprogram_npm/` from `node_modules/` the way WeChat DevTools' "Build npm" does, for
// the sample apps' tests and the corpus (CI has no DevTools). Usage: node tools/build-npm.mjs APP_DIR
//
// DevTools' rule (developers.weixin.qq.com/miniprogram/dev/devtools/npm.html): the packages in
// `dependencies` of package.json are built; a package whose package.json has a `miniprogram`
// field is a mini-program package, and that folder is copied to miniprogram_npm/<name>/; any
// other package's `main` entry becomes miniprogram_npm/<name>/index.js. (DevTools bundles such an
// entry with what it requires; here the entry is copied and what it requires is laid out beside
// it, which `require` finds the same way.)
//
// Dependencies of dependencies are built too: a copied mini-program package keeps its own bare
// `require`s (wxml-to-canvas's `require("widget-ui")`), which DevTools' build satisfies
// (github.com/wechat-miniprogram/wxml-to-canvas/issues/12: widget-ui is missing until DevTools'
// "Build npm" runs; weapp-vite issue #104: DevTools builds "every dependency of a package and its
// sub-dependencies, each as its own folder"). Each goes where node_modules has it: a package
// node resolves at the top level goes to miniprogram_npm/<name>/, one nested in a dependent's
// node_modules (a second version) to <dependent's folder>/miniprogram_npm/<name>/. WeChat's
// `require` looks in the nearest miniprogram_npm/ first and then in those of the folders above,
// as node looks in node_modules/, so each file finds the version node would give it.
// UNVERIFIED: that DevTools nests a second version this way rather than some other layout.
import fs from 'node:fs';
import path from 'node:path';

const appDir = process.argv[2];
if (!appDir) {
  console.error('usage: build-npm.mjs APP_DIR (the folder with package.json and node_modules)');
  process.exit(2);
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

// Where node finds package `name` for code in `fromDir`: node_modules/<name> there, else in the
// folders above, up to the app folder.
function resolvePackage(name, fromDir) {
  const top = path.resolve(appDir);
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === top || path.dirname(dir) === dir) return null;
  }
}

const pkg = readJson(path.join(appDir, 'package.json'));
const out = path.join(appDir, 'miniprogram_npm');
const topModules = path.resolve(appDir, 'node_modules');
fs.rmSync(out, { recursive: true, force: true });

const built = new Map(); // package folder in node_modules -> its folder in miniprogram_npm
let failed = false;

// Builds package `name` as required from `fromDir` (a folder in node_modules); `parentOut` is
// the dependent's folder in miniprogram_npm (null for the app's own dependencies).
function build(name, fromDir, parentOut, requiredBy) {
  const from = resolvePackage(name, fromDir);
  if (!from) {
    console.error(`build-npm: ${name} (needed by ${requiredBy}) is not installed in node_modules`);
    failed = true;
    return;
  }
  if (built.has(from)) return;
  const nested = from !== path.join(topModules, name);
  const to = nested && parentOut ? path.join(parentOut, 'miniprogram_npm', name) : path.join(out, name);
  built.set(from, to);
  const meta = readJson(path.join(from, 'package.json'));
  if (meta.miniprogram) {
    fs.cpSync(path.join(from, meta.miniprogram), to, { recursive: true });
  } else {
    fs.mkdirSync(to, { recursive: true });
    fs.copyFileSync(path.join(from, meta.main || 'index.js'), path.join(to, 'index.js'));
  }
  console.log(`${path.relative(appDir, to)} <- ${name}@${meta.version}`);
  for (const dep of Object.keys(meta.dependencies || {})) {
    build(dep, from, to, name);
  }
}

for (const name of Object.keys(pkg.dependencies || {})) {
  build(name, appDir, null, 'package.json');
}
if (failed) process.exit(1);
