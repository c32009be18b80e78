// A TypeScript page: types are stripped as DevTools' typescript plugin strips them.
interface Query {
  total?: string;
}

interface Data {
  cents: number;
  shown: string;
}

function show(cents: number): string {
  return `total ${(cents / 100).toFixed(2)}`;
}

Page<Data, WechatMiniprogram.Page.CustomOption>({
  data: { cents: 0, shown: '' },
  onLoad(query: Query) {
    const cents: number = Number(query.total ?? 0);
    this.setData({ cents, shown: show(cents) });
  },
});
