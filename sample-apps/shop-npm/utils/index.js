// Re-exports: all of one module, and a renamed default of another.
export * from './format';
export { default as label } from './format';
export { total } from './cart';
