// A shuffle as puzzle games do it: the board depends on Math.random alone.
Page({
  data: { board: [] },
  onLoad() {
    const board = [1, 2, 3, 4, 5, 6, 7, 8]
    for (let i = board.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1))
      const t = board[i]; board[i] = board[j]; board[j] = t
    }
    this.setData({ board })
    console.log('board', board.join(' '), Math.random())
  },
})
