//! `wx.getFileSystemManager()`: a real file system inside one directory per sandbox, which apps
//! see as `wx.env.USER_DATA_PATH` (`http://usr`). Supported: access, mkdir, readdir, readFile,
//! writeFile, appendFile, unlink, stat, rmdir, rename, copyFile, each in its async and sync
//! form; the rest of the interface fails `not supported` (async) or answers `undefined`.
//!
//! Paths outside `http://usr` (package files, `wxfile://` temp files) and any path with a `..`
//! part are refused with `permission denied`, so nothing outside the directory is reachable.
//! Failures carry WeChat's reason texts and errnos (docs:
//! developers.weixin.qq.com/miniprogram/dev/api/file/FileSystemManager.readdir.html, "错误"
//! table: 1300002 no such file or directory, 1300013 permission denied, 1300020 not a directory,
//! 1300021 Is a directory, 1300066 directory not empty, 1301005 file already exists; readFile's
//! text `no such file or directory, open ${filePath}`). The sync forms throw an `Error` whose
//! message is the errMsg, as WeChat's do.
//!
//! The directory is a fresh one under the system temp dir, removed when the sandbox ends; this
//! module knows nothing of the app beyond the paths it is given.

use std::cell::RefCell;
use std::path::{Component, Path, PathBuf};

use base64::Engine as _;
use boa_engine::object::builtins::{AlignedVec, JsArrayBuffer};
use boa_engine::{js_string, Context, JsNativeError, JsObject, JsResult, JsString, JsValue};
use serde_json::{json, Map, Value};
use wxbox_host::Failure;

use super::objects::make;
use crate::call::{Payload, Request};
use crate::error::WxError;
use crate::install::USER_DATA_PATH;
use crate::spec::ApiSpec;

/// The sandbox's user-data directory and its manager object (a singleton, as in WeChat).
#[derive(Default)]
pub struct Files {
    root: RefCell<Option<PathBuf>>,
    manager: RefCell<Option<JsObject>>,
}

impl Drop for Files {
    fn drop(&mut self) {
        if let Some(root) = self.root.borrow_mut().take() {
            let _ = std::fs::remove_dir_all(root);
        }
    }
}

fn files(ctx: &Context) -> JsResult<&Files> {
    ctx.get_data::<Files>().ok_or_else(|| {
        JsNativeError::typ()
            .with_message("wx is not initialised")
            .into()
    })
}

/// The one FileSystemManager of this sandbox.
///
/// # Errors
/// Only when `wx` is not initialised.
pub fn manager(ctx: &mut Context) -> JsResult<JsObject> {
    if let Some(m) = files(ctx)?.manager.borrow().clone() {
        return Ok(m);
    }
    let (m, _) = make("FileSystemManager", ctx)?;
    *files(ctx)?.manager.borrow_mut() = Some(m.clone());
    Ok(m)
}

/// The real directory behind `http://usr`, made on first use.
fn root(ctx: &Context) -> Result<PathBuf, WxError> {
    let f = files(ctx).map_err(|e| WxError::Internal(e.to_string()))?;
    if let Some(r) = f.root.borrow().clone() {
        return Ok(r);
    }
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("wxbox-usr-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .map_err(|e| WxError::Internal(format!("user data directory {}: {e}", dir.display())))?;
    *f.root.borrow_mut() = Some(dir.clone());
    Ok(dir)
}

fn fail(errno: i64, reason: String) -> WxError {
    let mut f = Failure::new(reason);
    f.errno = Some(errno);
    WxError::Host(f)
}

fn denied(path: &str) -> WxError {
    fail(1_300_013, format!("permission denied, open {path}"))
}

fn missing(path: &str) -> WxError {
    fail(1_300_002, format!("no such file or directory {path}"))
}

/// Maps an app path to the real one, refusing anything outside the user-data directory.
fn resolve(path: &str, ctx: &Context) -> Result<PathBuf, WxError> {
    let Some(rest) = path.strip_prefix(USER_DATA_PATH) else {
        return Err(denied(path));
    };
    if !(rest.is_empty() || rest.starts_with('/')) {
        return Err(denied(path));
    }
    let rel = Path::new(rest.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(denied(path));
    }
    Ok(root(ctx)?.join(rel))
}

/// The bytes of a file under `wx.env.USER_DATA_PATH` (for `wx.cloud.uploadFile`).
///
/// # Errors
/// A path outside the user-data directory, or a file that is not there.
pub(crate) fn read_user_file(path: &str, ctx: &Context) -> Result<Vec<u8>, WxError> {
    let real = resolve(path, ctx)?;
    std::fs::read(&real).map_err(|_| missing(path))
}

/// Bytes to write: a string in `encoding` (utf8 by default), or an ArrayBuffer's contents.
fn bytes_of(
    data: &JsValue,
    encoding: &str,
    ctx: &mut Context,
) -> JsResult<Result<Vec<u8>, WxError>> {
    if let Some(buf) = data
        .as_object()
        .and_then(|o| JsArrayBuffer::from_object(o).ok())
    {
        return Ok(Ok(buf.data().map(|d| d.to_vec()).unwrap_or_default()));
    }
    let s = if data.is_undefined() {
        String::new()
    } else {
        data.to_string(ctx)?.to_std_string_escaped()
    };
    Ok(match encoding {
        "base64" => base64::engine::general_purpose::STANDARD
            .decode(s.trim())
            .map_err(|_| fail(1_300_203, "base64 encode error".into())),
        "hex" => hex::decode(s.trim()).map_err(|_| fail(1_300_022, "Invalid argument".into())),
        "binary" | "latin1" | "ascii" => {
            Ok(s.chars().map(|c| (u32::from(c) & 0xff) as u8).collect())
        }
        _ => Ok(s.into_bytes()),
    })
}

/// File contents as WeChat hands them back: a string in `encoding`, or an ArrayBuffer.
fn value_of(bytes: Vec<u8>, encoding: Option<&str>, ctx: &mut Context) -> JsResult<JsValue> {
    let text = match encoding {
        None | Some("") => {
            return Ok(
                JsArrayBuffer::from_byte_block(AlignedVec::from_slice(0, &bytes), ctx)?.into(),
            )
        }
        Some("base64") => base64::engine::general_purpose::STANDARD.encode(&bytes),
        Some("hex") => hex::encode(&bytes),
        Some("binary" | "latin1" | "ascii") => bytes.iter().map(|b| char::from(*b)).collect(),
        Some(_) => String::from_utf8_lossy(&bytes).into_owned(),
    };
    Ok(JsString::from(text).into())
}

/// The arguments of one operation, gathered from the option object or the positional form.
struct Args {
    path: String,
    other: String,
    data: JsValue,
    encoding: Option<String>,
    recursive: bool,
}

enum Done {
    Nothing,
    Json(Map<String, Value>),
    Content(Vec<u8>),
    Stats(std::fs::Metadata),
}

fn io_fail(e: &std::io::Error, op: &str, path: &str) -> WxError {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound if op == "open" => {
            fail(1_300_002, format!("no such file or directory, open {path}"))
        }
        K::NotFound => missing(path),
        K::AlreadyExists => fail(1_301_005, format!("file already exists {path}")),
        K::NotADirectory => fail(1_300_020, format!("not a directory {path}")),
        K::IsADirectory => fail(1_300_021, format!("Is a directory {path}")),
        K::DirectoryNotEmpty => fail(1_300_066, format!("directory not empty {path}")),
        K::PermissionDenied => denied(path),
        _ => fail(1_300_201, format!("system error {path}")),
    }
}

/// Runs operation `op` (the method name without `Sync`).
fn perform(op: &str, a: &Args, ctx: &mut Context) -> Result<Done, WxError> {
    let p = resolve(&a.path, ctx)?;
    let path = a.path.as_str();
    match op {
        "access" => {
            if p.exists() {
                Ok(Done::Nothing)
            } else {
                Err(missing(path))
            }
        }
        "mkdir" => {
            let r = if a.recursive {
                std::fs::create_dir_all(&p)
            } else {
                std::fs::create_dir(&p)
            };
            r.map(|()| Done::Nothing)
                .map_err(|e| io_fail(&e, "mkdir", path))
        }
        "readdir" => {
            if p.is_file() {
                return Err(fail(1_300_020, format!("not a directory {path}")));
            }
            let mut names: Vec<String> = std::fs::read_dir(&p)
                .map_err(|e| io_fail(&e, "readdir", path))?
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            let mut m = Map::new();
            m.insert("files".into(), json!(names));
            Ok(Done::Json(m))
        }
        "readFile" => {
            if p.is_dir() {
                return Err(fail(
                    1_301_003,
                    format!("illegal operation on a directory, open {path}"),
                ));
            }
            std::fs::read(&p)
                .map(Done::Content)
                .map_err(|e| io_fail(&e, "open", path))
        }
        "writeFile" | "appendFile" => {
            let enc = a.encoding.clone().unwrap_or_else(|| "utf8".into());
            let bytes =
                bytes_of(&a.data, &enc, ctx).map_err(|e| WxError::Internal(e.to_string()))??;
            if p.is_dir() {
                return Err(fail(
                    1_301_003,
                    format!("illegal operation on a directory, open {path}"),
                ));
            }
            let r = if op == "writeFile" {
                std::fs::write(&p, bytes)
            } else {
                if !p.is_file() {
                    return Err(fail(
                        1_300_002,
                        format!("no such file or directory, open {path}"),
                    ));
                }
                use std::io::Write as _;
                std::fs::OpenOptions::new()
                    .append(true)
                    .open(&p)
                    .and_then(|mut f| f.write_all(&bytes))
            };
            r.map(|()| Done::Nothing)
                .map_err(|e| io_fail(&e, "open", path))
        }
        "unlink" => {
            if p.is_dir() {
                return Err(fail(
                    1_300_001,
                    format!("operation not permitted, unlink {path}"),
                ));
            }
            std::fs::remove_file(&p)
                .map(|()| Done::Nothing)
                .map_err(|e| io_fail(&e, "unlink", path))
        }
        "rmdir" => {
            let r = if a.recursive {
                std::fs::remove_dir_all(&p)
            } else {
                std::fs::remove_dir(&p)
            };
            r.map(|()| Done::Nothing)
                .map_err(|e| io_fail(&e, "rmdir", path))
        }
        "stat" => std::fs::metadata(&p)
            .map(Done::Stats)
            .map_err(|e| io_fail(&e, "stat", path)),
        "rename" | "copyFile" => {
            let to = resolve(&a.other, ctx)?;
            let r = if op == "rename" {
                std::fs::rename(&p, &to)
            } else {
                std::fs::copy(&p, &to).map(|_| ())
            };
            r.map(|()| Done::Nothing).map_err(|e| io_fail(&e, op, path))
        }
        _ => Err(WxError::NotSupported),
    }
}

const OPS: &[&str] = &[
    "access",
    "mkdir",
    "readdir",
    "readFile",
    "writeFile",
    "appendFile",
    "unlink",
    "rmdir",
    "stat",
    "rename",
    "copyFile",
];

fn stats(meta: &std::fs::Metadata, ctx: &mut Context) -> JsResult<JsValue> {
    let (obj, _) = make("Stats", ctx)?;
    let is_dir = meta.is_dir();
    // The real file times would make traces differ between runs; the sandbox clock's "now"
    // stands in for both (a file is as new as the run that wrote it).
    let now = wxbox_engine::timers::event_loop(ctx)?.clock().wall_ms() / 1000;
    // mode: S_IFDIR / S_IFREG with rwx for the owner, as Android reports (UNVERIFIED).
    let mode = if is_dir { 0o040_700 } else { 0o100_600 };
    obj.set(js_string!("mode"), mode, false, ctx)?;
    obj.set(js_string!("size"), meta.len() as f64, false, ctx)?;
    obj.set(js_string!("lastAccessedTime"), now as f64, false, ctx)?;
    obj.set(js_string!("lastModifiedTime"), now as f64, false, ctx)?;
    let realm = ctx.realm().clone();
    let is_directory =
        boa_engine::NativeFunction::from_copy_closure(move |_, _, _| Ok(JsValue::from(is_dir)));
    let is_file =
        boa_engine::NativeFunction::from_copy_closure(move |_, _, _| Ok(JsValue::from(!is_dir)));
    obj.set(
        js_string!("isDirectory"),
        is_directory.to_js_function(&realm),
        false,
        ctx,
    )?;
    obj.set(
        js_string!("isFile"),
        is_file.to_js_function(&realm),
        false,
        ctx,
    )?;
    Ok(obj.into())
}

fn opt_str(o: &JsObject, key: &str, ctx: &mut Context) -> JsResult<Option<String>> {
    let v = o.get(JsString::from(key), ctx)?;
    Ok(if v.is_undefined() || v.is_null() {
        None
    } else {
        Some(v.to_string(ctx)?.to_std_string_escaped())
    })
}

/// The async form (`fs.readFile({filePath, success})`).
///
/// # Errors
/// A hostile option getter.
pub fn run(req: Request, ctx: &mut Context) -> JsResult<()> {
    let op = req.spec.name.as_str();
    if !OPS.contains(&op) {
        req.completion.complete(Err(WxError::NotSupported));
        return Ok(());
    }
    let o = &req.options;
    let path = match op {
        "readFile" | "writeFile" | "appendFile" | "unlink" => opt_str(o, "filePath", ctx)?,
        "mkdir" | "readdir" | "rmdir" => opt_str(o, "dirPath", ctx)?,
        "rename" => opt_str(o, "oldPath", ctx)?,
        "copyFile" => opt_str(o, "srcPath", ctx)?,
        _ => opt_str(o, "path", ctx)?,
    }
    .unwrap_or_default();
    let other = match op {
        "rename" => opt_str(o, "newPath", ctx)?,
        "copyFile" => opt_str(o, "destPath", ctx)?,
        _ => None,
    }
    .unwrap_or_default();
    let args = Args {
        path,
        other,
        data: o.get(js_string!("data"), ctx)?,
        encoding: opt_str(o, "encoding", ctx)?,
        recursive: o.get(js_string!("recursive"), ctx)?.to_boolean(),
    };
    let result = match perform(op, &args, ctx) {
        Ok(Done::Nothing) => Ok(Payload::empty()),
        Ok(Done::Json(m)) => Ok(Payload::Json(m)),
        Ok(Done::Content(bytes)) => {
            let data = value_of(bytes, args.encoding.as_deref(), ctx)?;
            let obj = JsObject::with_object_proto(ctx.intrinsics());
            obj.set(js_string!("data"), data, false, ctx)?;
            Ok(Payload::Js(obj))
        }
        Ok(Done::Stats(meta)) => {
            let s = stats(&meta, ctx)?;
            let obj = JsObject::with_object_proto(ctx.intrinsics());
            obj.set(js_string!("stats"), s, false, ctx)?;
            Ok(Payload::Js(obj))
        }
        Err(e) => Err(e),
    };
    req.completion.complete(result);
    Ok(())
}

fn positional(args: &[JsValue], i: usize, ctx: &mut Context) -> JsResult<Option<String>> {
    Ok(match args.get(i) {
        Some(v) if !v.is_undefined() && !v.is_null() => {
            Some(v.to_string(ctx)?.to_std_string_escaped())
        }
        _ => None,
    })
}

/// The sync form (`fs.readFileSync(path, encoding)`); `None` for methods not handled here.
///
/// # Errors
/// The errMsg as an `Error`, as WeChat's sync file methods throw.
pub fn sync(m: &ApiSpec, args: &[JsValue], ctx: &mut Context) -> JsResult<Option<JsValue>> {
    let Some(op) = m.name.strip_suffix("Sync").filter(|op| OPS.contains(op)) else {
        return Ok(None);
    };
    let first = positional(args, 0, ctx)?.unwrap_or_default();
    let a = match op {
        "writeFile" | "appendFile" => Args {
            path: first,
            other: String::new(),
            data: args.get(1).cloned().unwrap_or_default(),
            encoding: positional(args, 2, ctx)?,
            recursive: false,
        },
        "readFile" => Args {
            path: first,
            other: String::new(),
            data: JsValue::undefined(),
            encoding: positional(args, 1, ctx)?,
            recursive: false,
        },
        "rename" | "copyFile" => Args {
            path: first,
            other: positional(args, 1, ctx)?.unwrap_or_default(),
            data: JsValue::undefined(),
            encoding: None,
            recursive: false,
        },
        _ => Args {
            path: first,
            other: String::new(),
            data: JsValue::undefined(),
            encoding: None,
            recursive: args.get(1).is_some_and(JsValue::to_boolean),
        },
    };
    match perform(op, &a, ctx) {
        Ok(Done::Nothing) => Ok(Some(JsValue::undefined())),
        Ok(Done::Json(mut j)) => {
            let files = j.remove("files").unwrap_or(Value::Null);
            Ok(Some(JsValue::from_json(&files, ctx)?))
        }
        Ok(Done::Content(bytes)) => Ok(Some(value_of(bytes, a.encoding.as_deref(), ctx)?)),
        Ok(Done::Stats(meta)) => Ok(Some(stats(&meta, ctx)?)),
        Err(e) => Err(JsNativeError::error()
            .with_message(e.err_msg(&m.name))
            .into()),
    }
}
