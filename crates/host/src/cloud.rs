//! `wx.cloud` (WeChat CloudBase, 云开发) on the host side: what the mini-program asks the cloud
//! (call a function, read or write the database, store files), what comes back, and the failures
//! WeChat reports, plus the profile's `[cloud]` section.
//!
//! The `wx` layer turns `wx.cloud.*` calls into a [`CloudCall`] and asks a [`CloudHost`] with a
//! [`Reply`]; the default simulated cloud is the crate `wxbox-cloud`. Values that JSON cannot
//! carry travel tagged: a `Date` as `{"$date": ms}`, `db.serverDate({offset})` as
//! `{"$serverDate": offset_ms}`, `db.RegExp` as `{"$regex": source, "$options": flags}`, a
//! `db.command` operator as `{"$cmd": name, "args": [...]}`.
//!
//! Sources: the client API reference (developers.weixin.qq.com/miniprogram/dev/wxcloud/
//! reference-client-api/, e.g. functions/callFunction.html, storage/getTempFileURL.html) and the
//! error-code table (developers.weixin.qq.com/miniprogram/dev/wxcloud/reference/errcode.html:
//! "在使用云能力时抛出的异常(fail 回调 / Promise reject)Error 对象中会带有 errCode 和 errMsg").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::reply::{Failure, Reply};

/// One request of the mini-program to its cloud.
#[derive(Debug, Clone, PartialEq)]
pub struct CloudCall {
    /// The environment the call names (`wx.cloud.init({env})`, or the call's `config.env`).
    pub env: String,
    /// What is asked.
    pub op: CloudOp,
}

/// What the mini-program asks.
#[derive(Debug, Clone, PartialEq)]
pub enum CloudOp {
    /// `wx.cloud.callFunction({name, data})`.
    CallFunction {
        /// The function's name (its folder under `cloudfunctionRoot`).
        name: String,
        /// The `event` it receives (before the cloud adds `userInfo`).
        data: Value,
    },
    /// A database operation.
    Database(DbOp),
    /// `wx.cloud.uploadFile({cloudPath, filePath})`, with the file's bytes.
    Upload {
        /// Where in the bucket.
        cloud_path: String,
        /// The content (empty for a temp file the sandbox has no bytes of).
        bytes: Vec<u8>,
    },
    /// `wx.cloud.downloadFile({fileID})`.
    Download {
        /// `cloud://...`.
        file_id: String,
    },
    /// `wx.cloud.getTempFileURL({fileList})`: file IDs, each with its `maxAge` in seconds.
    TempUrls(Vec<(String, Option<u64>)>),
    /// `wx.cloud.deleteFile({fileList})`.
    Delete(Vec<String>),
}

impl CloudOp {
    /// The operation the SDK's option object for `api` describes (`cloud.callFunction`,
    /// `collection.add`, `document.get`, ...: the names that prefix WeChat's errMsg), with the
    /// bytes of an upload read by the caller. Both the mini-program's `wx.cloud` and the cloud
    /// functions' `wx-server-sdk` send these objects.
    ///
    /// # Errors
    /// [`CloudError::Params`] for a missing name, path or file list, or an unknown `api`.
    pub fn from_options(api: &str, o: &Value, bytes: Option<Vec<u8>>) -> Result<Self, CloudError> {
        let text = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
        let need = |k: &str| {
            text(k)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| CloudError::Params(format!("{api}: {k} must be a non-empty string")))
        };
        let list = |k: &str| -> Result<Vec<Value>, CloudError> {
            o.get(k)
                .and_then(Value::as_array)
                .cloned()
                .ok_or_else(|| CloudError::Params(format!("{api}: {k} must be an array")))
        };
        let action = match api {
            "cloud.callFunction" => {
                return Ok(CloudOp::CallFunction {
                    name: need("name")?,
                    data: o.get("data").cloned().unwrap_or(Value::Object(Map::new())),
                })
            }
            "cloud.uploadFile" => {
                return Ok(CloudOp::Upload {
                    cloud_path: need("cloudPath")?,
                    bytes: bytes.unwrap_or_default(),
                })
            }
            "cloud.downloadFile" => {
                return Ok(CloudOp::Download {
                    file_id: need("fileID")?,
                })
            }
            "cloud.getTempFileURL" => {
                // Each entry a file ID, or {fileID, maxAge} (storage/getTempFileURL.html).
                let files = list("fileList")?
                    .iter()
                    .map(|f| match f {
                        Value::String(s) => Ok((s.clone(), None)),
                        Value::Object(m) => match m.get("fileID").and_then(Value::as_str) {
                            Some(id) => {
                                Ok((id.to_string(), m.get("maxAge").and_then(Value::as_u64)))
                            }
                            None => Err(CloudError::Params(format!(
                                "{api}: fileList[].fileID must be a string"
                            ))),
                        },
                        _ => Err(CloudError::Params(format!(
                            "{api}: fileList must hold file IDs"
                        ))),
                    })
                    .collect::<Result<_, _>>()?;
                return Ok(CloudOp::TempUrls(files));
            }
            "cloud.deleteFile" => {
                let files = list("fileList")?
                    .iter()
                    .map(|f| {
                        f.as_str().map(str::to_string).ok_or_else(|| {
                            CloudError::Params(format!("{api}: fileList must hold file IDs"))
                        })
                    })
                    .collect::<Result<_, _>>()?;
                return Ok(CloudOp::Delete(files));
            }
            "collection.add" => DbAction::Add,
            "collection.get" | "document.get" => DbAction::Get,
            "collection.count" => DbAction::Count,
            "document.set" => DbAction::Set,
            "collection.update" | "document.update" => DbAction::Update,
            "collection.remove" | "document.remove" => DbAction::Remove,
            other => return Err(CloudError::Params(format!("{other} is not a cloud API"))),
        };
        let count = |k: &str| {
            o.get(k)
                .and_then(Value::as_f64)
                .filter(|n| n.is_finite() && *n >= 0.0)
                .map(|n| {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let n = n as u64;
                    n
                })
        };
        let order_by = o
            .get("orderBy")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|p| {
                        let p = p.as_array()?;
                        Some((
                            p.first()?.as_str()?.to_string(),
                            p.get(1)?.as_str()?.to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(CloudOp::Database(DbOp {
            action: Some(action),
            collection: need("collection")?,
            doc: match o.get("doc") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                Some(Value::Null) | None => None,
                Some(_) => {
                    return Err(CloudError::Params(format!(
                        "{api}: doc(id) must be a string"
                    )))
                }
            },
            query: o
                .get("query")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            order_by,
            limit: count("limit"),
            skip: count("skip"),
            field: o.get("field").and_then(Value::as_object).cloned(),
            data: o.get("data").cloned().unwrap_or(Value::Null),
        }))
    }
}

/// What a database operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DbAction {
    /// `collection.add({data})`.
    Add,
    /// `doc.get()` / `query.get()`.
    Get,
    /// `query.count()`.
    Count,
    /// `doc.set({data})`.
    Set,
    /// `doc.update({data})` / `query.update({data})`.
    Update,
    /// `doc.remove()` / `query.remove()`.
    Remove,
}

/// A database operation, as the SDK's builders describe it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DbOp {
    /// What it does.
    pub action: Option<DbAction>,
    /// The collection.
    pub collection: String,
    /// `doc(id)`: the document; `None` for a query.
    pub doc: Option<String>,
    /// `where(...)` conditions, each a query object; all must hold.
    pub query: Vec<Value>,
    /// `orderBy(field, 'asc' | 'desc')`, in order.
    pub order_by: Vec<(String, String)>,
    /// `limit(n)`.
    pub limit: Option<u64>,
    /// `skip(n)`.
    pub skip: Option<u64>,
    /// `field({a: true})`.
    pub field: Option<Map<String, Value>>,
    /// `add` / `set` / `update` data.
    pub data: Value,
}

/// What came of a call: the success fields besides `errMsg`, and what happened beyond the app
/// meanwhile (a cloud function's console lines and errors), as trace events in the engine's JSON
/// form, like [`crate::network::Exchange::far`].
#[derive(Debug, Clone, PartialEq)]
pub struct CloudAnswer {
    /// The fields of the success result, or the failure.
    pub outcome: Result<Map<String, Value>, CloudError>,
    /// Events from beyond the app, in order.
    pub far: Vec<Value>,
}

/// Why a cloud call failed, as WeChat reports it. The codes are the error-code table's; the
/// reason texts follow what WeChat's SDK prints where it could be found (cited per variant),
/// else they are UNVERIFIED.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CloudError {
    /// A call before `wx.cloud.init`. UNVERIFIED text (the SDK's "please call wx.cloud.init
    /// first" warning as recalled); -1 is the table's "通用错误".
    #[error("Cloud API isn't enabled, please call wx.cloud.init first")]
    NotInitialised,
    /// A bad parameter (-501007 "参数错误").
    #[error("errCode: -501007 invalid parameters | errMsg: {0}")]
    Params(String),
    /// No such function. The text as developers report it (github.com/hzm0321/taro-cloud-print
    /// issue 1: "cloud.callFunction:fail Error: errCode: -501000 | errMsg: FunctionName
    /// parameter could not be found."), without the callId and trace suffix.
    #[error("Error: errCode: -501000 | errMsg: FunctionName parameter could not be found.")]
    FunctionNotFound(String),
    /// The function threw or rejected: -404011 "云函数执行失败", with -504002 inside, as
    /// reported (github.com/LCM9902/Duck-Princess-Cultivation-Plan issue 16: "errCode: -404011
    /// cloud function execution error | errMsg: cloud.callFunction:fail requestID ..., cloud
    /// function service error code -504002, error message Error: ...").
    #[error("errCode: -404011 cloud function execution error | errMsg: requestID {request_id}, cloud function service error code -504002, error message {message}")]
    FunctionFailed {
        /// The request id.
        request_id: String,
        /// The error's text (`Error: boom`).
        message: String,
    },
    /// The function ran past its timeout (as reported, github.com/Mint-green/UnlearnableWord
    /// issue 10: "errCode: -504003 | errMsg: Invoking task timed out after 3 seconds").
    #[error("Error: errCode: -504003 | errMsg: Invoking task timed out after {0} seconds")]
    FunctionTimeout(u64),
    /// The function needs something wxbox's cloud does not provide (a Node builtin module).
    #[error("errCode: -404011 cloud function execution error | errMsg: {0}")]
    Unsupported(String),
    /// The collection does not exist (-502005; the text as reported in the issue above:
    /// "-502005 database collection not exists").
    #[error(
        "-502005 database collection not exists. [ResourceNotFound] Db or Table not exist: {0}"
    )]
    CollectionNotExists(String),
    /// `doc(id).get()` of a document that is not there. UNVERIFIED text; -502001 is the table's
    /// "数据库请求失败".
    #[error("-502001 database request fail. document with _id {0} does not exist")]
    DocNotFound(String),
    /// The collection's permission forbids it (-502003 "无权限操作数据库"). UNVERIFIED text.
    #[error("-502003 database permission denied. {0}")]
    PermissionDenied(String),
    /// A malformed query or update (-502002 "非法的数据库指令"). UNVERIFIED text.
    #[error("-502002 database invalid command. {0}")]
    InvalidCommand(String),
    /// A file that is not in storage (-503003 "文件不存在"). UNVERIFIED text.
    #[error("-503003 storage file not exists. {0}")]
    FileNotFound(String),
}

impl CloudError {
    /// The `errCode` WeChat puts on the Error.
    #[must_use]
    pub fn code(&self) -> i64 {
        match self {
            CloudError::NotInitialised => -1,
            CloudError::Params(_) => -501_007,
            CloudError::FunctionNotFound(_) => -501_000,
            CloudError::FunctionFailed { .. } | CloudError::Unsupported(_) => -404_011,
            CloudError::FunctionTimeout(_) => -504_003,
            CloudError::CollectionNotExists(_) => -502_005,
            CloudError::DocNotFound(_) => -502_001,
            CloudError::PermissionDenied(_) => -502_003,
            CloudError::InvalidCommand(_) => -502_002,
            CloudError::FileNotFound(_) => -503_003,
        }
    }
}

impl From<CloudError> for Failure {
    fn from(e: CloudError) -> Self {
        Failure {
            reason: e.to_string(),
            errno: None,
            err_code: Some(e.code()),
        }
    }
}

/// The cloud family.
pub trait CloudHost {
    /// Answers `call` through `reply` (any thread). Cloud failures are a [`CloudAnswer`]
    /// outcome; a `Reply` failure means a host bug.
    fn call(&mut self, call: CloudCall, reply: Reply<CloudAnswer>);
}

/// The cloud of a superapp that has none: every call fails as before `wx.cloud.init`. A sandbox
/// puts the simulated cloud (`wxbox-cloud`) in its place.
#[derive(Debug, Default)]
pub struct NoCloud;

impl CloudHost for NoCloud {
    fn call(&mut self, _: CloudCall, reply: Reply<CloudAnswer>) {
        reply.ok(CloudAnswer {
            outcome: Err(CloudError::NotInitialised),
            far: Vec::new(),
        });
    }
}

/// `[cloud]` in the profile.
///
/// ```toml
/// [cloud]
/// functions = "cloudfunctions"          # default: project.config.json's cloudfunctionRoot
/// [cloud.collections]
/// todos = "fixtures/todos.json"         # a JSON array of documents
/// notes = []                            # an empty collection
/// [cloud.collections.posts]
/// data = [{ _id = "p1", title = "hi", _openid = "someone-else" }]
/// permission = "read_all"               # private (default) | read_all | read_only | admin_only
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CloudProfile {
    /// The folder of cloud functions, relative to the profile's directory (else the project's):
    /// `<functions>/<name>/index.js`. Unset: the project's `cloudfunctionRoot`.
    pub functions: Option<String>,
    /// Collections that exist at launch, with their documents.
    pub collections: BTreeMap<String, CollectionSeed>,
    /// Collections the database creates on first write instead of failing -502005 (`"*"`: all).
    /// WeChat creates collections only in the console or through `db.createCollection`.
    pub create_on_write: Vec<String>,
    /// A cloud function's timeout in ms when its `config.json` names none (SCF's default: 3 s).
    pub timeout_ms: Option<u64>,
}

/// A collection's seed: a JSON file of documents, the documents inline, or both with a
/// permission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CollectionSeed {
    /// `"fixtures/todos.json"`: a JSON array of documents.
    File(String),
    /// `[{...}, ...]`.
    Docs(Vec<Value>),
    /// `{ data = ..., permission = ... }`.
    Full(SeedTable),
}

/// The table form of a [`CollectionSeed`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SeedTable {
    /// A file name or the documents.
    pub data: Option<SeedData>,
    /// The collection's permission.
    pub permission: Permission,
}

/// The documents of a [`SeedTable`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SeedData {
    /// A JSON file.
    File(String),
    /// Inline.
    Docs(Vec<Value>),
}

/// A collection's simple permission (docs, 数据库权限:
/// developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/database/permission.html): the
/// mini-program side is checked against each document's `_openid`; cloud functions and the
/// console may read and write everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// 仅创建者可读写: the creator reads and writes their own documents; others see nothing.
    #[default]
    Private,
    /// 仅创建者可写，所有人可读.
    ReadAll,
    /// 仅管理端可写，所有人可读.
    ReadOnly,
    /// 仅管理端可读写.
    AdminOnly,
}

impl Permission {
    /// Whether the mini-program side may read a document created by `owner` (as `me`).
    #[must_use]
    pub fn client_reads(self, owner: Option<&str>, me: &str) -> bool {
        match self {
            Permission::ReadAll | Permission::ReadOnly => true,
            Permission::Private => owner == Some(me),
            Permission::AdminOnly => false,
        }
    }

    /// Whether the mini-program side may write (update, remove) a document created by `owner`;
    /// adding is allowed under the creator rules and refused under the admin ones.
    #[must_use]
    pub fn client_writes(self, owner: Option<&str>, me: &str) -> bool {
        match self {
            Permission::Private | Permission::ReadAll => owner == Some(me),
            Permission::ReadOnly | Permission::AdminOnly => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_follow_the_docs_table() {
        let p = Permission::Private;
        assert!(p.client_reads(Some("me"), "me") && !p.client_reads(Some("x"), "me"));
        assert!(p.client_writes(Some("me"), "me") && !p.client_writes(None, "me"));
        assert!(Permission::ReadAll.client_reads(Some("x"), "me"));
        assert!(!Permission::ReadAll.client_writes(Some("x"), "me"));
        assert!(!Permission::ReadOnly.client_writes(Some("me"), "me"));
        assert!(!Permission::AdminOnly.client_reads(Some("me"), "me"));
    }

    #[test]
    fn errors_carry_the_tables_codes() {
        let f: Failure = CloudError::FunctionNotFound("x".into()).into();
        assert_eq!(f.err_code, Some(-501_000));
        assert!(f
            .reason
            .contains("FunctionName parameter could not be found"));
        let f: Failure = CloudError::CollectionNotExists("todos".into()).into();
        assert_eq!(f.err_code, Some(-502_005));
    }

    #[test]
    fn seeds_parse_in_every_form() {
        let p: CloudProfile = toml::from_str(
            "[collections]\na = \"a.json\"\nb = []\n[collections.c]\ndata = [{x = 1}]\npermission = \"read_all\"\n",
        )
        .expect("parses");
        assert_eq!(p.collections["a"], CollectionSeed::File("a.json".into()));
        assert_eq!(p.collections["b"], CollectionSeed::Docs(vec![]));
        match &p.collections["c"] {
            CollectionSeed::Full(t) => assert_eq!(t.permission, Permission::ReadAll),
            other => panic!("{other:?}"),
        }
    }
}
