// wx:for with dataset, a template, a custom component with a slot and triggerEvent, a form.
Page({
  data: { list: [] },
  onLoad() {
    this.setData({
      list: [
        { id: 'a1', name: 'apples', done: false },
        { id: 'b2', name: 'bread', done: true },
      ],
    });
  },
  onRowTap(e) {
    console.log('row ' + e.currentTarget.dataset.id + ' ' + e.currentTarget.dataset.itemName + ' mark ' + e.mark.area);
  },
  onAdd() {
    const n = this.data.list.length;
    this.setData({ ['list[' + n + ']']: { id: 'n' + n, name: 'item ' + n, done: false } });
  },
  onRemove(e) {
    console.log('remove ' + e.detail.id);
    this.setData({ list: this.data.list.filter((x) => x.id !== e.detail.id) });
  },
  onSubmit(e) {
    console.log('submit ' + JSON.stringify(e.detail.value));
    const n = this.data.list.length;
    this.setData({ ['list[' + n + ']']: { id: 'f' + n, name: e.detail.value.title, done: false } });
  },
});
