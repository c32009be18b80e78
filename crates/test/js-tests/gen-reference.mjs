// Regenerates jest-reference.json from real jest 29 packages (not a dependency of the repo):
//   mkdir -p /tmp/jestref && cd /tmp/jestref && npm install jest@29 expect@29 pretty-format@29 jest-diff@29 jest-mock@29
//   FORCE_COLOR=0 node crates/test/js-tests/gen-reference.mjs /tmp/jestref/node_modules
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { prettyValues, prettyOptions, diffPairs, matcherCases, randomLinePairs, randomStringPairs } from './cases.mjs';

const nm = process.argv[2] || '/tmp/jestref/node_modules';
const require = createRequire(nm + '/');
const { expect } = require(nm + '/expect');
const { format, plugins } = require(nm + '/pretty-format');
const { diff, diffLinesUnified, diffStringsUnified } = require(nm + '/jest-diff');
const { fn } = require(nm + '/jest-mock');
if (process.env.FORCE_COLOR !== '0') throw new Error('run with FORCE_COLOR=0');
expect.setState({ expand: false }); // what the jest CLI passes (--expand is off by default)

const values = new Function('expect', 'return ' + prettyValues)(expect);
const pretty = [];
for (const v of values) for (const o of prettyOptions) {
  try { pretty.push(format(v, { ...o, plugins: [plugins.AsymmetricMatcher] })); } catch (e) { pretty.push('THROW ' + e.message); }
}
const pairs = new Function('return ' + diffPairs)();
const diffs = [];
for (const [a, b] of pairs) for (const expand of [false, true]) diffs.push(diff(a, b, { expand, includeChangeCounts: true }));

const stringDiffs = randomStringPairs().map(([a, b], j) => diffStringsUnified(a, b, { expand: j % 2 === 0, includeChangeCounts: true }));
const lineDiffs = randomLinePairs().map(([a, b], j) => diffLinesUnified(a, b, { expand: j % 2 === 0, includeChangeCounts: true }));

// Drops the thrown error's stack trace that jest-message-util adds after toThrow messages.
const dropStack = (m) => m.replace(/\n\n(\s+at [^\n]*\n?)+/g, '\n').replace(/\n\s+at [^\n]*/g, '');
const matchers = [];
for (const src of matcherCases) {
  let out;
  try {
    const r = new Function('expect', 'fn', src)(expect, fn);
    if (r && typeof r.then === 'function') await r;
    out = 'PASS';
  } catch (e) { out = dropStack(String(e && e.message)); }
  matchers.push(out);
}
writeFileSync(new URL('./jest-reference.json', import.meta.url), JSON.stringify({ pretty, diffs, lineDiffs, stringDiffs, matchers }, null, 1) + '\n');
console.log(`wrote ${pretty.length} pretty-format, ${diffs.length + lineDiffs.length + stringDiffs.length} diff and ${matchers.length} matcher references`);
