module.exports = (title) => title.trim()
