// A CommonJS module, imported from ES modules below (default and namespace interop).
function total(items) {
  return items.reduce((sum, item) => sum + item.cents * item.count, 0);
}

module.exports = { total };
