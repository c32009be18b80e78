//! The gap policy through a real sandbox: every method of the table, called with valid
//! arguments generated from its spec's required parameters, never throws synchronously, and
//! every async one completes exactly once (one of success / fail, then complete, once; or its
//! Promise settles once). Then the simulated, objects and device tiers one by one.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU32, Ordering};

use wxbox_app::{Event, Profile, RunBudget, RunEnd, Sandbox, SandboxOptions};
use wxbox_wx::spec::{Call, Field, Ty};
use wxbox_wx::surface::surface;

/// Privacy agreed, every scope allowed, so consent never holds a call.
const PROFILE: &str = "[privacy]\nagreed = true\n";

/// Runs a one-page app written to a fresh directory (`ext.json` and `app.json` are read from the
/// app directory, as from a real app), until idle; the console lines and errors.
fn run(app_js: &str, files: &[(&str, &str)]) -> Vec<String> {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "wxbox-gaps-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let page = dir.join("pages/index");
    std::fs::create_dir_all(&page).expect("temp dir");
    std::fs::write(dir.join("app.json"), r#"{"pages": ["pages/index/index"]}"#).expect("write");
    std::fs::write(dir.join("app.js"), app_js).expect("write");
    std::fs::write(page.join("index.js"), "Page({})").expect("write");
    std::fs::write(page.join("index.wxml"), "<view/>").expect("write");
    for (k, v) in files {
        std::fs::write(dir.join(k), v).expect("write");
    }
    let profile = Profile::from_toml(PROFILE, "test.toml").expect("profile parses");
    let options = SandboxOptions {
        profile,
        ..SandboxOptions::default()
    };
    let mut sandbox = Sandbox::open(&dir, options).expect("loads");
    sandbox.launch(None).expect("launches");
    assert_eq!(sandbox.run(RunBudget::default()), RunEnd::Idle);
    let lines = sandbox
        .trace()
        .events()
        .into_iter()
        .filter_map(|e| match e.event {
            Event::Console { text, .. } => Some(text),
            Event::Error { message, .. } => Some(format!("ERROR {message}")),
            _ => None,
        })
        .collect();
    drop(sandbox);
    let _ = std::fs::remove_dir_all(&dir);
    lines
}

/// A JavaScript expression for a valid value of `f`.
fn value(f: &Field, depth: usize) -> String {
    if let Some(v) = f.values.first() {
        return v.to_string();
    }
    match f.types.first().copied().unwrap_or(Ty::Any) {
        Ty::String | Ty::Any => "'x'".into(),
        Ty::Number => "1".into(),
        Ty::Boolean => "true".into(),
        Ty::Array => "[]".into(),
        Ty::Function => "function () {}".into(),
        Ty::ArrayBuffer => "new ArrayBuffer(1)".into(),
        Ty::Null => "null".into(),
        Ty::Object => object(&f.fields, depth + 1),
    }
}

/// An object literal with the required fields of `fields`.
fn object(fields: &[Field], depth: usize) -> String {
    if depth > 4 {
        return "{}".into();
    }
    let parts: Vec<String> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| {
            format!(
                "{}: {}",
                serde_json::Value::from(f.name.clone()),
                value(f, depth)
            )
        })
        .collect();
    format!("{{{}}}", parts.join(", "))
}

#[test]
fn every_method_with_valid_arguments_never_throws_and_completes_exactly_once() {
    let mut js = String::from(
        "const counts = {}; const throws = [];
         function cb(name) {
           const c = counts[name] = { s: 0, f: 0, c: 0, order: '' };
           return { success() { c.s++; c.order += 's' }, fail() { c.f++; c.order += 'f' },
                    complete() { c.c++; c.order += 'c' } };
         }
         function promised(name, p) {
           const c = counts[name] = { s: 0, f: 0, c: 0, order: '' };
           if (!p || typeof p.then !== 'function') { c.order = 'no promise'; return }
           p.then(() => { c.s++; c.c++; c.order += 'sc' }, () => { c.f++; c.c++; c.order += 'fc' });
         }
         function sync(name, f) { try { f() } catch (e) { throws.push(name + ': ' + e.message) } }
         App({ onLaunch() {\n",
    );
    let mut asynchronous = 0;
    for m in &surface().methods {
        let name = serde_json::Value::from(m.name.clone());
        match m.call {
            Call::Promise | Call::Callback => {
                asynchronous += 1;
                let opts = object(&m.params, 0);
                let _ = writeln!(
                    js,
                    "sync({name}, () => wx[{name}](Object.assign({opts}, cb({name}))));"
                );
                if m.call == Call::Promise {
                    asynchronous += 1;
                    let p = serde_json::Value::from(format!("{} (promise)", m.name));
                    let _ = writeln!(js, "sync({p}, () => promised({p}, wx[{name}]({opts})));");
                }
            }
            Call::Sync => {
                let args: Vec<String> = m
                    .params
                    .iter()
                    .filter(|p| p.required)
                    .map(|p| value(p, 0))
                    .collect();
                let _ = writeln!(js, "sync({name}, () => wx[{name}]({}));", args.join(", "));
            }
        }
    }
    js.push_str(
        "setTimeout(() => {
           const names = Object.keys(counts);
           console.log('async calls ' + names.length);
           for (const n of names) {
             const c = counts[n];
             if (c.s + c.f !== 1 || c.c !== 1 || !/^(sc|fc)$/.test(c.order)) console.log('BAD ' + n + ' ' + c.order);
           }
           for (const t of throws) console.log('THROW ' + t);
           console.log('done');
         }, 60000);
       } })",
    );
    let lines = run(&js, &[]);
    let bad: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("BAD") || l.starts_with("THROW") || l.starts_with("ERROR"))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    assert!(
        lines.contains(&format!("async calls {asynchronous}")),
        "{lines:?}"
    );
    assert_eq!(lines.last().map(String::as_str), Some("done"));
}

#[test]
fn simulated_getters_answer_from_the_device_and_the_app() {
    let lines = run(
        "App({ onLaunch() {
           const s = wx.getSystemSetting(), i = wx.getSystemInfoSync();
           console.log(s.wifiEnabled, s.deviceOrientation === i.deviceOrientation);
           console.log(JSON.stringify(wx.getExtConfigSync()));
           const l = wx.getLaunchOptionsSync();
           console.log(l.path, l.scene, JSON.stringify(l.query));
           wx.getExtConfig({ success: r => console.log('ext', r.extConfig.shop, r.errMsg) });
           wx.getNetworkType().then(r => console.log(r.networkType));
           wx.setNavigationBarTitle({ title: 't' }).then(r => console.log(r.errMsg));
           wx.stopPullDownRefresh({ complete: r => console.log(r.errMsg) });
           console.log(Object.keys(wx).includes('login'), wx.env.USER_DATA_PATH);
           const b = wx.base64ToArrayBuffer('aGk=');
           console.log(b.byteLength, wx.arrayBufferToBase64(b));
         } })",
        &[("ext.json", r#"{"extEnable": true, "ext": {"shop": "s1"}}"#)],
    );
    assert_eq!(
        lines,
        [
            "true true",
            r#"{"shop":"s1"}"#,
            "pages/index/index 1001 {}",
            "true http://usr",
            "2 aGk=",
            "ext s1 getExtConfig:ok",
            "wifi",
            "setNavigationBarTitle:ok",
            "stopPullDownRefresh:ok",
        ]
    );
}

#[test]
fn returned_objects_have_their_interface_and_listeners() {
    let lines = run(
        "App({ onLaunch() {
           const um = wx.getUpdateManager();
           um.onCheckForUpdate(r => console.log('update', r.hasUpdate));
           const a = wx.createInnerAudioContext();
           console.log(typeof a.play, typeof a.onCanplay, typeof a.offCanplay, a.play());
           const an = wx.createAnimation({});
           console.log(an.opacity(0).step() === an);
           const q = wx.createSelectorQuery();
           q.select('#none').boundingClientRect(r => console.log('one', r));
           q.selectAll('.none').fields({ id: true }, r => console.log('all', JSON.stringify(r)));
           q.selectViewport().boundingClientRect();
           q.exec(res => console.log('exec', res.length, res[2].width === wx.getWindowInfo().windowWidth));
           wx.createCanvasContext('c').draw(false, () => console.log('drawn'));
           console.log('sync first');
           wx.downloadFile({ url: 'https://x', fail: e => console.log(e.errMsg) }).onProgressUpdate(() => {});
         } })",
        &[],
    );
    assert_eq!(
        lines,
        [
            "function function function undefined",
            "true",
            "sync first",
            "update false",
            "one null",
            "all []",
            "exec 3 true",
            "drawn",
            "downloadFile:fail not supported",
        ]
    );
}

#[test]
fn the_file_system_works_inside_user_data_path_only() {
    let lines = run(
        "App({ onLaunch() {
           const fs = wx.getFileSystemManager(), root = wx.env.USER_DATA_PATH;
           console.log(fs === wx.getFileSystemManager());
           fs.mkdirSync(`${root}/d`);
           fs.writeFileSync(`${root}/d/a.txt`, 'hello', 'utf8');
           fs.appendFileSync(`${root}/d/a.txt`, ' world', 'utf8');
           console.log(fs.readFileSync(`${root}/d/a.txt`, 'utf8'), JSON.stringify(fs.readdirSync(`${root}/d`)));
           const st = fs.statSync(`${root}/d/a.txt`);
           console.log(st.isFile(), st.isDirectory(), st.size);
           console.log(fs.readFileSync(`${root}/d/a.txt`) instanceof ArrayBuffer);
           for (const p of [`${root}/../x`, '/etc/passwd', `${root}/nope`])
             try { fs.readFileSync(p, 'utf8') } catch (e) { console.log(e.message) }
           fs.access({ path: `${root}/nope`, fail: e => console.log(e.errMsg, e.errno) });
           fs.unlink({ filePath: `${root}/d/a.txt`, success: r => {
             console.log(r.errMsg);
             fs.readdir({ dirPath: `${root}/d`, success: r => console.log(JSON.stringify(r.files)) });
           } });
         } })",
        &[],
    );
    assert_eq!(
        lines,
        [
            "true",
            r#"hello world ["a.txt"]"#,
            "true false 11",
            "true",
            "readFileSync:fail permission denied, open http://usr/../x",
            "readFileSync:fail permission denied, open /etc/passwd",
            "readFileSync:fail no such file or directory, open http://usr/nope",
            "access:fail no such file or directory http://usr/nope 1300002",
            "unlink:ok",
            "[]",
        ]
    );
}

#[test]
fn device_methods_fail_asynchronously_and_sync_ones_do_not_throw() {
    let lines = run(
        "App({ onLaunch() {
           wx.openBluetoothAdapter({ fail: e => console.log(e.errMsg), complete: () => console.log('complete') });
           wx.startWifi().catch(e => console.log(e.errMsg));
           console.log(wx.isVKSupport('v2'), wx.canIUse('openBluetoothAdapter'), wx.canIUse('createCameraContext'));
           console.log('sync first');
         } })",
        &[],
    );
    assert_eq!(
        lines,
        [
            "false false true",
            "sync first",
            "openBluetoothAdapter:fail not supported",
            "complete",
            "startWifi:fail not supported",
        ]
    );
}
