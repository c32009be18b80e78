const fs = require('fs')
exports.main = () => fs.readFileSync('/etc/hostname', 'utf8')
