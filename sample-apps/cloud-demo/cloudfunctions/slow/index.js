// Waits past SCF's default 3 s timeout.
exports.main = () => new Promise((resolve) => setTimeout(() => resolve('late'), 5000))
