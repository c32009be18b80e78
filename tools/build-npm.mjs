#!/usr/bin/env node
// Lays out `miniprogram_npm/` from `node_modules/` the way WeChat DevTools' "Build npm" does, for
// the sample apps' tests (CI has no DevTools). Usage: node tools/build-npm.mjs APP_DIR
//
// DevTools' rule (developers.weixin.qq.com/miniprogram/dev/devtools/npm.html): a package whose
// package.json has a `miniprogram` field is a mini-program package, and that folder is copied
// to miniprogram_npm/<name>/; any other package's `main` entry becomes
// miniprogram_npm/<name>/index.js. (DevTools bundles such an entry with what it requires; the
// packages used here are single-file or mini-program packages, so a copy is the same.)
import fs from 'node:fs';
import path from 'node:path';

const appDir = process.argv[2];
if (!appDir) {
  console.error('usage: build-npm.mjs APP_DIR (the folder with package.json and node_modules)');
  process.exit(2);
}
const pkg = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'));
const out = path.join(appDir, 'miniprogram_npm');
fs.rmSync(out, { recursive: true, force: true });
for (const name of Object.keys(pkg.dependencies || {})) {
  const from = path.join(appDir, 'node_modules', name);
  const meta = JSON.parse(fs.readFileSync(path.join(from, 'package.json'), 'utf8'));
  const to = path.join(out, name);
  if (meta.miniprogram) {
    fs.cpSync(path.join(from, meta.miniprogram), to, { recursive: true });
  } else {
    fs.mkdirSync(to, { recursive: true });
    fs.copyFileSync(path.join(from, meta.main || 'index.js'), path.join(to, 'index.js'));
  }
  console.log(`miniprogram_npm/${name} <- ${name}@${meta.version}`);
}
