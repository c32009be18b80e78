// Loads the three shims, in the order the Rust side evaluates them, into a fresh vm context.
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
const dir = new URL('../js/', import.meta.url);
const sources = ['pretty.js', 'expect.js', 'jest.js'].map((f) => [f, readFileSync(new URL(f, dir), 'utf8')]);
export function load(extra = {}) {
  const ctx = vm.createContext({ setTimeout, clearTimeout, console, ...extra });
  for (const [f, src] of sources) vm.runInContext(src, ctx, { filename: f });
  return ctx;
}
export const sizes = sources.map(([f, s]) => [f, Buffer.byteLength(s)]);
