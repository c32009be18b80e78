//! Compile cost of a typical ES module page: imports of a component library and utilities,
//! a `Page({...})` of handlers, async code, template literals, and named exports.
//!
//! `cargo bench -p wxbox-compile --profile dev` (dependencies are optimised in dev builds).

#![allow(missing_docs)] // criterion_group! generates an undocumented function.

use criterion::{criterion_group, criterion_main, Criterion};
use wxbox_compile::{compile, Options};

fn page(handlers: usize) -> String {
    let mut s = String::from(
        "import { fetchGoods, fetchComments } from '../../services/good/fetchGood';
import Toast from 'tdesign-miniprogram/toast/index';
import * as fmt from '../../utils/format';
import { cdnBase } from '../../config/index';
import dayjs from 'dayjs';

const imgPrefix = `${cdnBase}/`;
export const PAGE_SIZE = 20;

Page({
  data: { list: [], loading: false, page: 1, details: {}, commentsList: [] },
",
    );
    for i in 0..handlers {
        s.push_str(&format!(
            "  async handler{i}(e) {{
    const {{ id, index = {i} }} = e.currentTarget.dataset;
    try {{
      const res = await fetchGoods({{ id, page: this.data.page, size: PAGE_SIZE }});
      const list = res.list.map((g) => ({{ ...g, price: fmt.price(g.price), at: dayjs(g.t).format('YYYY-MM-DD') }}));
      this.setData({{ [`list[${{index}}]`]: list, loading: false }});
    }} catch (err) {{
      Toast({{ context: this, selector: '#t-toast', message: err?.msg ?? `failed ${{id}}` }});
    }}
  }},
"
        ));
    }
    s.push_str("  onLoad(query) { this.handler0({ currentTarget: { dataset: query } }); },\n});\n");
    s.push_str("export default function helper(a, b = 1) { return a + b + imgPrefix.length; }\n");
    s
}

fn bench(c: &mut Criterion) {
    let src = page(12);
    let opts = Options {
        typescript: false,
        module: true,
    };
    c.bench_function(
        &format!("compile ES module page ({} lines)", src.lines().count()),
        |b| {
            b.iter(|| compile("pages/goods/details/index.js", &src, opts).map(|o| o.code.len()));
        },
    );
    let ts = src.replace("async handler0(e)", "async handler0(e: any): Promise<void>");
    let ts_opts = Options {
        typescript: true,
        module: true,
    };
    c.bench_function("compile the same page as TypeScript", |b| {
        b.iter(|| compile("pages/goods/details/index.ts", &ts, ts_opts).map(|o| o.code.len()));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
