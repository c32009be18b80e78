// ES module forms the compiler must turn into CommonJS: default, named, and a constant.
export const CURRENCY_SIGN = '¥';

export function formatPrice(cents) {
  return CURRENCY_SIGN + (cents / 100).toFixed(2);
}

export default function label(name, cents) {
  return `${name} ${formatPrice(cents)}`;
}
