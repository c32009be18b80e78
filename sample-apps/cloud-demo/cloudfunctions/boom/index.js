exports.main = async () => {
  throw new Error('the function broke')
}
