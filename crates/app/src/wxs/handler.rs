//! WXS functions bound as event handlers (`bindtap="{{m.onTap}}"`) and the ComponentDescriptors
//! they get (`event.instance`, `ownerInstance`). Knows the rendered tree only as the caller hands
//! it over; runs page methods only through `callMethod`, after the handler returns.

#[allow(clippy::wildcard_imports)]
use super::*;
use wxbox_view::WxsFn;

/// Runs the WXS function `f` bound as a handler on the element `key` of `owner` (named `name`
/// in the trace), with `(event, ownerInstance)` as WeChat passes them
/// (developers.weixin.qq.com/miniprogram/dev/framework/view/interactive-animation.html):
/// `event.instance` and `ownerInstance` are ComponentDescriptors. What the handler asks of the
/// page (`callMethod`, `setStyle`, `addClass`, ...) is recorded in the trace; `callMethod` runs
/// the page's or component's method after the handler returns (WeChat posts it across to the
/// logic layer); class and style changes are applied to the rendered tree.
///
/// # Errors
/// Only engine failures; errors in WXS and in called methods are reported.
#[allow(clippy::too_many_arguments)]
pub fn handle(
    ctx: &mut Context,
    owner: u32,
    name: &str,
    f: &WxsFn,
    ev: &Value,
    tree: &[Node],
    key: &str,
) -> JsResult<()> {
    let label = format!("{}.{}", f.module.name, f.path.join("."));
    event_loop(ctx)?.trace().push(Event::Handler {
        target: name.to_string(),
        method: label.clone(),
        event: ev.clone(),
    });
    let Some(rt) = runtime(ctx) else {
        return Ok(());
    };
    let ops = rt
        .with(|w| {
            let d = data(w)?;
            *d.tree.borrow_mut() = Some((tree.to_vec(), owner));
            d.ops.borrow_mut().clear();
            run_handler(w, f, ev, owner, key);
            *d.tree.borrow_mut() = None;
            let ops = std::mem::take(&mut *d.ops.borrow_mut());
            Some(ops)
        })
        .unwrap_or_default();
    let l = event_loop(ctx)?;
    for op in ops {
        match op {
            Op::CallMethod(target, method, args) => {
                l.trace().push(Event::Handler {
                    target: name.to_string(),
                    method: format!("{label} ownerInstance.callMethod"),
                    event: json!({"method": method, "args": args}),
                });
                call_method(ctx, target, &method, &args)?;
            }
            Op::View(element, action, args) => l.trace().push(Event::Handler {
                target: name.to_string(),
                method: format!("{label} {action}"),
                event: json!({"element": element, "args": args}),
            }),
        }
    }
    // The page's current tree shows the classes and styles now, without a setData.
    let state = crate::state::app_state(ctx)?;
    let page = crate::view::page_of(&state.borrow(), owner);
    if let Some(page) = page {
        let mut s = state.borrow_mut();
        if let Some(tree) = s.views.get_mut(&page).and_then(|v| v.tree.as_mut()) {
            rt.decorate(tree);
        }
    }
    Ok(())
}

fn call_method(ctx: &mut Context, owner: u32, method: &str, args: &Value) -> JsResult<()> {
    let found = crate::view::owner_object(&crate::state::app_state(ctx)?.borrow(), owner);
    let Some((obj, name)) = found else {
        return Ok(());
    };
    let f = obj.get(JsString::from(method), ctx)?;
    let Some(f) = f.as_callable() else {
        crate::view::warn(
            ctx,
            format!("ownerInstance.callMethod: \"{name}\" has no method \"{method}\""),
        )?;
        return Ok(());
    };
    let arg = JsValue::from_json(args, ctx)?;
    if let Err(e) = f.call(&obj.clone().into(), &[arg], ctx) {
        event_loop(ctx)?.report_error(ctx, &e, &format!("{name}.{method}"));
    }
    Ok(())
}

fn run_handler(ctx: &mut Context, f: &WxsFn, ev: &Value, owner: u32, key: &str) {
    let module = &f.module;
    let Some(exports) = module_exports(ctx, module) else {
        return;
    };
    let path: Vec<Value> = f.path.iter().map(|p| Value::String(p.clone())).collect();
    let result = (|| -> JsResult<()> {
        let Some((this, func)) = walk(ctx, exports, &path)? else {
            return Ok(());
        };
        let Some(func) = func.as_callable() else {
            return Err(boa_engine::JsNativeError::typ()
                .with_message(format!("{} is not a function", f.path.join(".")))
                .into());
        };
        let event = JsValue::from_json(ev, ctx)?;
        let instance = descriptor(ctx, owner, key);
        if let Some(o) = event.as_object() {
            o.set(js_string!("instance"), instance, false, ctx)?;
        }
        let owner_instance = descriptor(ctx, owner, "");
        func.call(&this, &[event, owner_instance], ctx)?;
        Ok(())
    })();
    if let Err(e) = result {
        report_js(ctx, &e, module.src.as_deref().unwrap_or(&module.file), 0);
    }
}

/// The element a descriptor stands for: `key` of `owner`, or (empty key) the element `owner`
/// is rendered in.
fn element_of(tree: &[Node], owner: u32, key: &str) -> Option<Element> {
    let path = wxbox_view::tree::find_path(tree, &|e: &Element| {
        if key.is_empty() {
            e.component == Some(owner)
        } else {
            e.owner == owner && &*e.key == key
        }
    })?;
    wxbox_view::tree::at(tree, &path).cloned()
}

#[derive(Trace, Finalize, Clone)]
struct Desc {
    #[unsafe_ignore_trace]
    owner: u32,
    #[unsafe_ignore_trace]
    key: String,
}

type DescFn = fn(&Desc, &[JsValue], &mut Context) -> JsResult<JsValue>;

fn descriptor(ctx: &mut Context, owner: u32, key: &str) -> JsValue {
    let desc = Desc {
        owner,
        key: key.to_string(),
    };
    let methods: &[(&str, DescFn)] = &[
        ("selectComponent", |d, a, c| select(d, a, c, false)),
        ("selectAllComponents", |d, a, c| select(d, a, c, true)),
        ("setStyle", |d, a, c| {
            let css = match a.first().and_then(JsValue::as_object) {
                Some(o) => {
                    let mut parts = Vec::new();
                    for k in wxbox_engine::convert::object_keys(&o, c)? {
                        let v = o.get(k.clone(), c)?.to_string(c)?;
                        parts.push(format!(
                            "{}:{}",
                            wxbox_view::tree::kebab(&k.to_std_string_escaped()),
                            v.to_std_string_escaped()
                        ));
                    }
                    parts.join(";")
                }
                None => a
                    .first()
                    .cloned()
                    .unwrap_or_default()
                    .to_string(c)?
                    .to_std_string_escaped(),
            };
            view_op(c, d, "setStyle", Value::String(css.clone()), |o| {
                o.style = Some(css.clone());
            });
            Ok(JsValue::undefined())
        }),
        ("addClass", |d, a, c| class_op(d, a, c, true)),
        ("removeClass", |d, a, c| class_op(d, a, c, false)),
        ("hasClass", |d, a, c| {
            let name = a
                .first()
                .cloned()
                .unwrap_or_default()
                .to_string(c)?
                .to_std_string_escaped();
            Ok(JsValue::from(
                current(c, d).is_some_and(|e| e.classes().contains(&name)),
            ))
        }),
        ("getDataset", |d, _, c| {
            let set = current(c, d).map(|e| Value::Object(e.dataset()));
            JsValue::from_json(&set.unwrap_or_else(|| Value::Object(Map::new())), c)
        }),
        ("getState", |d, _, c| {
            let Some(data) = data(c) else {
                return Ok(JsValue::undefined());
            };
            let k = (d.owner, d.key.clone());
            if let Some(o) = data.states.borrow().get(&k) {
                return Ok(o.clone().into());
            }
            let o = JsObject::with_object_proto(c.intrinsics());
            data.states.borrow_mut().insert(k, o.clone());
            Ok(o.into())
        }),
        ("callMethod", |d, a, c| {
            let method = a
                .first()
                .cloned()
                .unwrap_or_default()
                .to_string(c)?
                .to_std_string_escaped();
            let args = match a.get(1) {
                Some(v) => to_json(v, c).unwrap_or(Value::Null),
                None => Value::Null,
            };
            if let Some(data) = data(c) {
                data.ops
                    .borrow_mut()
                    .push(Op::CallMethod(d.owner, method, args));
            }
            Ok(JsValue::undefined())
        }),
        ("triggerEvent", |d, a, c| {
            let args: Vec<Value> = a
                .iter()
                .map(|v| to_json(v, c).unwrap_or(Value::Null))
                .collect();
            view_op(c, d, "triggerEvent", Value::Array(args), |_| {});
            Ok(JsValue::undefined())
        }),
        ("requestAnimationFrame", |_, a, c| {
            // UNVERIFIED timing: WeChat runs it on the next frame; there are no frames here,
            // so it runs now.
            if let Some(f) = a.first().and_then(JsValue::as_callable) {
                f.call(&JsValue::undefined(), &[], c)?;
            }
            Ok(JsValue::undefined())
        }),
        ("getComputedStyle", |_, _, c| {
            Ok(JsObject::with_object_proto(c.intrinsics()).into())
        }),
    ];
    let mut init = ObjectInitializer::new(ctx);
    for (name, f) in methods {
        #[derive(Trace, Finalize)]
        struct Cap {
            d: Desc,
            #[unsafe_ignore_trace]
            f: DescFn,
        }
        let nf = NativeFunction::from_copy_closure_with_captures(
            |_, args, cap: &Cap, ctx| (cap.f)(&cap.d, args, ctx),
            Cap {
                d: desc.clone(),
                f: *f,
            },
        );
        init.function(nf, JsString::from(*name), 1);
    }
    init.property(
        js_string!("__wxsKey__"),
        JsString::from(key),
        Attribute::empty(),
    );
    init.build().into()
}

/// The descriptor's element as it is now (the tree with the handler's changes so far).
fn current(ctx: &Context, d: &Desc) -> Option<Element> {
    let data = data(ctx)?;
    let tree = data.tree.borrow();
    let (nodes, _) = tree.as_ref()?;
    let mut e = element_of(nodes, d.owner, &d.key)?;
    if let Some(o) = data.overlay.borrow().get(&(e.owner, e.key.to_string())) {
        apply(&mut e, o);
    }
    Some(e)
}

fn view_op(ctx: &Context, d: &Desc, action: &str, args: Value, change: impl FnOnce(&mut Overlay)) {
    let Some(data) = data(ctx) else { return };
    let Some(el) = current(ctx, d) else {
        data.ops
            .borrow_mut()
            .push(Op::View(d.key.clone(), action.to_string(), args));
        return;
    };
    change(
        data.overlay
            .borrow_mut()
            .entry((el.owner, el.key.to_string()))
            .or_default(),
    );
    let shown = {
        let mut one = el.clone();
        one.children.clear();
        wxbox_view::tree::to_wxml(&[Node::Element(one)])
            .trim_end()
            .to_string()
    };
    data.ops
        .borrow_mut()
        .push(Op::View(shown, action.to_string(), args));
}

fn class_op(d: &Desc, a: &[JsValue], c: &mut Context, add: bool) -> JsResult<JsValue> {
    let mut names = Vec::new();
    for v in a {
        let s = v.to_string(c)?.to_std_string_escaped();
        names.extend(s.split_whitespace().map(str::to_string));
    }
    let action = if add { "addClass" } else { "removeClass" };
    let args = Value::Array(names.iter().cloned().map(Value::String).collect());
    view_op(c, d, action, args, |o| {
        for n in names {
            if add {
                o.remove.retain(|x| *x != n);
                if !o.add.contains(&n) {
                    o.add.push(n);
                }
            } else {
                o.add.retain(|x| *x != n);
                if !o.remove.contains(&n) {
                    o.remove.push(n);
                }
            }
        }
    });
    Ok(JsValue::undefined())
}

fn select(d: &Desc, a: &[JsValue], c: &mut Context, all: bool) -> JsResult<JsValue> {
    let sel = a
        .first()
        .cloned()
        .unwrap_or_default()
        .to_string(c)?
        .to_std_string_escaped();
    let Ok(selector) = wxbox_view::Selector::parse(&sel) else {
        return Ok(JsValue::null());
    };
    let found: Vec<(u32, String)> = {
        let Some(data) = data(c) else {
            return Ok(JsValue::null());
        };
        let tree = data.tree.borrow();
        let Some((nodes, _)) = tree.as_ref() else {
            return Ok(JsValue::null());
        };
        selector
            .find_all(nodes, d.owner)
            .iter()
            .filter_map(|p| wxbox_view::tree::at(nodes, p))
            .map(|e| (e.owner, e.key.to_string()))
            .collect()
    };
    if all {
        let items: Vec<JsValue> = found.iter().map(|(o, k)| descriptor(c, *o, k)).collect();
        return Ok(boa_engine::object::builtins::JsArray::from_iter(items, c).into());
    }
    Ok(match found.first() {
        Some((o, k)) => descriptor(c, *o, k),
        None => JsValue::null(),
    })
}
