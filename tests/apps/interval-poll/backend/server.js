module.exports = { 'GET /status': () => ({ ok: true }) }
