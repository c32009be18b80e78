module.exports = {
  '*': (req) => ({ statusCode: 404, data: { any: req.method + ' ' + req.path } }),
  'GET /goods/new': () => ({ fresh: true }),
  'GET /goods/:id': (req) => ({ id: req.params.id, x: req.query.x }),
  'POST /api/*': (req) => ({ rest: req.params['*'] }),
}
