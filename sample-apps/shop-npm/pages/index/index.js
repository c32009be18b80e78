import dayjs from 'dayjs';
import * as cart from '../../utils/cart';
import { label, total, CURRENCY_SIGN } from '../../utils/index';

const items = [
  { name: 'Tea', cents: 1250, count: 2 },
  { name: 'Cup', cents: 3900, count: 1 },
];

Page({
  data: {
    rows: items.map((item) => ({ name: item.name, text: label(item.name, item.cents) })),
    total: '',
    day: '',
  },
  onLoad() {
    this.setData({
      total: CURRENCY_SIGN + (total(items) / 100).toFixed(2),
      day: dayjs(Date.now()).format('YYYY-MM-DD'),
    });
    console.log(`namespace ${typeof cart.total} currency ${global.currency}`);
  },
  checkout() {
    wx.navigateTo({ url: '/pages/ts/ts?total=' + total(items) });
  },
});
