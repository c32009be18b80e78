import { formatPrice } from './utils/format';

App({
  onLaunch() {
    global.currency = 'CNY';
    console.log('launch ' + formatPrice(1250));
  },
});
