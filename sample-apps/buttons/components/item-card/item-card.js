// A custom component: properties from the page, its own data, an event to the page.
Component({
  properties: {
    title: { type: String, value: '' },
    itemId: String,
  },
  data: { taps: 0 },
  lifetimes: {
    attached() {
      console.log('card attached ' + this.data.itemId);
    },
    detached() {
      console.log('card detached ' + this.data.itemId);
    },
  },
  methods: {
    onRemoveTap() {
      this.setData({ taps: this.data.taps + 1 });
      this.triggerEvent('remove', { id: this.data.itemId });
    },
  },
});
