Page({
  data: {
    rows: [{ id: 1, cents: 1250 }, { id: 2, cents: 3900 }],
    mixed: [1, 'a', true, {}, []],
    now: 1710036000000,
    picked: '',
  },
  onPick(args) {
    console.log('picked ' + JSON.stringify(args));
    this.setData({ picked: args.id });
  },
});
