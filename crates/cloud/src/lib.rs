//! `wxbox-cloud`: a simulated WeChat CloudBase (云开发) for one sandbox, so an app's own cloud
//! functions, database and storage are tested end to end: the [`wxbox_host::CloudHost`] the
//! mini-program's `wx.cloud` talks to.
//!
//! - [`db`]: the document database (queries, commands, updates, the simple permissions);
//! - [`functions`]: the project's cloud functions, each in its own engine and thread, with
//!   `wx-server-sdk` reaching the same database and storage as the admin;
//! - storage: files by `cloud://` file ID in memory, with temporary URLs.
//!
//! It must not know about the `wx` layer, the app model or the view: it answers
//! [`wxbox_host::cloud::CloudCall`]s through a `Reply`, and knows the user only through the
//! platform (the openid `wx.login` / code2Session give for this app). One environment is
//! simulated: every env ID an app names reaches it (UNVERIFIED: WeChat fails an env that does
//! not exist with -501000 "Environment not found"; the IDs appear in file IDs as given).

pub mod db;
pub mod functions;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{json, Map, Value};
use wxbox_engine::EngineConfig;
use wxbox_host::cloud::{
    CloudAnswer, CloudCall, CloudError, CloudHost, CloudOp, CloudProfile, CollectionSeed,
    Permission, SeedData,
};
use wxbox_host::Reply;
use wxbox_superapp::Profile;
use wxbox_wechat::platform::{self, SharedPlatform};

use db::{Caller, Database};
use functions::{Functions, Invocation};

/// A stored file.
#[derive(Debug, Clone)]
struct StoredFile {
    bytes: Vec<u8>,
}

/// Database and storage, shared by the mini-program's calls and the functions' threads.
#[derive(Debug)]
struct State {
    db: Database,
    files: BTreeMap<String, StoredFile>,
    next_request: u64,
}

/// What the cloud's parts share (the functions' threads hold it weakly, so a dropped sandbox
/// ends them).
pub struct Shared {
    state: Mutex<State>,
    platform: SharedPlatform,
    functions: Functions,
    seed: u64,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("functions", &self.functions)
            .finish_non_exhaustive()
    }
}

/// Why the cloud could not be set up from the profile.
#[derive(Debug, thiserror::Error)]
#[error("cloud.{0}")]
pub struct CloudSetupError(pub String);

/// The simulated cloud of one sandbox.
#[derive(Debug, Clone)]
pub struct Cloud {
    shared: Arc<Shared>,
}

impl Cloud {
    /// The cloud `profile`'s `[cloud]` describes, its functions under `functions_root` (the
    /// profile's `cloud.functions`, else the project's `cloudfunctionRoot`), seeded collections
    /// read relative to the profile's directory. Functions run with `engine`'s clock and time
    /// zone, so their `Date.now()` is the app's.
    ///
    /// # Errors
    /// A seed file that cannot be read or is not a JSON array of objects.
    pub fn new(
        profile: &Profile,
        platform: SharedPlatform,
        engine: EngineConfig,
    ) -> Result<Self, CloudSetupError> {
        let base = profile
            .base_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("."));
        let cfg: &CloudProfile = &profile.cloud;
        let root = cfg.functions.as_ref().map(|f| base.join(f));
        let user = platform::lock(&platform).openid().to_string();
        let mut db = Database::new(profile.seed ^ 0x0063_6c6f_7564);
        db.create_on_write.clone_from(&cfg.create_on_write);
        for (name, seed) in &cfg.collections {
            let (data, permission) = match seed {
                CollectionSeed::File(f) => (Some(SeedData::File(f.clone())), Permission::default()),
                CollectionSeed::Docs(d) => (Some(SeedData::Docs(d.clone())), Permission::default()),
                CollectionSeed::Full(t) => (t.data.clone(), t.permission),
            };
            let docs = match data {
                None => Vec::new(),
                Some(SeedData::Docs(d)) => d,
                Some(SeedData::File(f)) => read_seed(&base.join(&f), name)?,
            };
            let docs: Vec<Value> = docs.into_iter().map(|d| with_user(d, &user)).collect();
            if let Some(i) = docs.iter().position(|d| !d.is_object()) {
                return Err(CloudSetupError(format!(
                    "collections.{name}: document {i} is not an object"
                )));
            }
            db.seed_collection(name, docs, permission);
        }
        let engine = EngineConfig {
            seed: profile.seed ^ 0x6675_6e63,
            ..engine
        };
        Ok(Cloud {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    db,
                    files: BTreeMap::new(),
                    next_request: 0,
                }),
                platform,
                functions: Functions::new(root, engine, cfg.timeout_ms),
                seed: profile.seed,
            }),
        })
    }

    /// A collection's documents as they are now (for tests and embedders), `None` if it does not
    /// exist. Dates are `{"$date": ms}`.
    #[must_use]
    pub fn collection(&self, name: &str) -> Option<Vec<Value>> {
        let s = self.shared.lock();
        s.db.collections
            .get(name)
            .map(|c| c.docs.iter().cloned().map(Value::Object).collect())
    }
}

/// A seed's `"{{openid}}"` strings as the simulated user's openid (which derives from the
/// profile's user and app), so fixtures can hold the user's own documents.
fn with_user(v: Value, openid: &str) -> Value {
    match v {
        Value::String(s) if s == "{{openid}}" => Value::String(openid.to_string()),
        Value::Array(a) => Value::Array(a.into_iter().map(|x| with_user(x, openid)).collect()),
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, x)| (k, with_user(x, openid)))
                .collect(),
        ),
        other => other,
    }
}

fn read_seed(path: &Path, name: &str) -> Result<Vec<Value>, CloudSetupError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CloudSetupError(format!(
            "collections.{name}: cannot read {}: {e}",
            path.display()
        ))
    })?;
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(a)) => Ok(a),
        Ok(_) => Err(CloudSetupError(format!(
            "collections.{name}: {} is not a JSON array of documents",
            path.display()
        ))),
        Err(e) => Err(CloudSetupError(format!(
            "collections.{name}: {}:{}:{}: {e}",
            path.display(),
            e.line(),
            e.column()
        ))),
    }
}

/// `cloud://env.bucket/path`'s bucket: CloudBase names it `<hex of the env's first two
/// characters>-<env>-<appid number>` (the official demo's `cloud://release-b86096.7265-release-
/// b86096-1258211818/demo.jpg`: 0x72 0x65 = "re"); the number here is fixed.
fn bucket(env: &str) -> String {
    let hex: String = env.bytes().take(2).map(|b| format!("{b:02x}")).collect();
    format!("{hex}-{env}-1250000000")
}

/// `(env, bucket, path)` of a `cloud://` file ID.
fn parse_file_id(id: &str) -> Option<(String, String, String)> {
    let rest = id.strip_prefix("cloud://")?;
    let (host, path) = rest.split_once('/')?;
    let (env, bucket) = host.split_once('.')?;
    Some((env.to_string(), bucket.to_string(), path.to_string()))
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A new request id: UUID-shaped, repeatable per seed.
    fn request_id(&self) -> String {
        let n = {
            let mut s = self.lock();
            s.next_request += 1;
            s.next_request
        };
        let mut z = self.seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut part = || {
            z = (z ^ (z >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z ^ (z >> 29)
        };
        let (a, b) = (part(), part());
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xffff,
            b >> 48,
            b & 0xffff_ffff_ffff
        )
    }

    fn openid(&self) -> (String, String, Option<String>) {
        let p = platform::lock(&self.platform);
        (
            p.openid().to_string(),
            p.appid().to_string(),
            p.unionid().map(str::to_string),
        )
    }

    fn wall_ms(&self) -> i64 {
        platform::lock(&self.platform).now().wall_ms
    }

    fn now_ms(&self) -> u64 {
        platform::lock(&self.platform).now().ms
    }

    /// A database or storage operation, answered now.
    fn run(
        &self,
        env: &str,
        op: CloudOp,
        caller: &Caller,
    ) -> Result<Map<String, Value>, CloudError> {
        let now = self.wall_ms();
        let mut s = self.lock();
        match op {
            CloudOp::Database(d) => s.db.run(&d, caller, now),
            CloudOp::Upload { cloud_path, bytes } => {
                let path = cloud_path.trim_start_matches('/').to_string();
                let id = format!("cloud://{env}.{}/{path}", bucket(env));
                s.files.insert(id.clone(), StoredFile { bytes });
                Ok(map(json!({ "fileID": id, "statusCode": 200 })))
            }
            CloudOp::Download { file_id } => {
                let f = s
                    .files
                    .get(&file_id)
                    .ok_or_else(|| CloudError::FileNotFound(file_id.clone()))?;
                let ext = file_id
                    .rsplit_once('.')
                    .map(|(_, e)| e)
                    .filter(|e| !e.contains('/') && e.len() <= 5)
                    .unwrap_or("bin");
                let hash = f.bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                    (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
                }) ^ file_id.len() as u64;
                Ok(map(json!({
                    "tempFilePath": format!("wxfile://tmp_{hash:016x}.{ext}"),
                    "statusCode": 200,
                })))
            }
            CloudOp::TempUrls(files) => {
                // Per-file status (storage/getTempFileURL.html: "status 状态码，0 为成功";
                // errMsg "ok"). UNVERIFIED: the status and text for a missing file.
                let list: Vec<Value> = files
                    .iter()
                    .map(
                        |(id, max_age)| match (s.files.contains_key(id), parse_file_id(id)) {
                            (true, Some((_, bucket, path))) => json!({
                                "fileID": id,
                                "tempFileURL": format!("https://{bucket}.tcb.qcloud.la/{path}"),
                                "maxAge": max_age.unwrap_or(86_400),
                                "status": 0,
                                "errMsg": "ok",
                            }),
                            _ => json!({
                                "fileID": id,
                                "tempFileURL": "",
                                "maxAge": max_age.unwrap_or(86_400),
                                "status": -503_003,
                                "errMsg": "STORAGE_FILE_NONEXIST",
                            }),
                        },
                    )
                    .collect();
                Ok(map(json!({ "fileList": list })))
            }
            CloudOp::Delete(files) => {
                let list: Vec<Value> = files
                    .iter()
                    .map(|id| {
                        if s.files.remove(id).is_some() {
                            json!({ "fileID": id, "status": 0, "errMsg": "ok" })
                        } else {
                            json!({ "fileID": id, "status": -503_003, "errMsg": "STORAGE_FILE_NONEXIST" })
                        }
                    })
                    .collect();
                Ok(map(json!({ "fileList": list })))
            }
            CloudOp::CallFunction { name, .. } => Err(CloudError::Unsupported(format!(
                "callFunction {name} is not a database call"
            ))),
        }
    }

    /// A cloud function's own call (no permission rules).
    fn run_admin(&self, env: &str, op: CloudOp) -> Result<Map<String, Value>, CloudError> {
        self.run(env, op, &Caller::Admin)
    }

    /// Calls function `name`; `done` runs on a function thread (or at once when there is none).
    #[allow(clippy::too_many_arguments)]
    fn call_function(
        shared: &Arc<Shared>,
        name: &str,
        event: Value,
        wx_context: Value,
        env: String,
        now_ms: u64,
        request_id: String,
        done: functions::Done,
    ) {
        shared.functions.invoke(
            shared,
            name,
            Invocation {
                event,
                wx_context,
                env,
                now_ms,
                request_id,
                done,
            },
        );
    }
}

fn map(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

impl CloudHost for Cloud {
    fn call(&mut self, call: CloudCall, reply: Reply<CloudAnswer>) {
        let (openid, appid, unionid) = self.shared.openid();
        match call.op {
            CloudOp::CallFunction { name, data } => {
                // The cloud adds the caller to the event (the demo's login reads
                // event.userInfo.openId); getWXContext answers the documented fields
                // (reference-server-api/utils/getWXContext: OPENID, APPID, UNIONID, ENV,
                // SOURCE, CLIENTIP...). CLIENTIP is UNVERIFIED (a private address here).
                let mut event = match data {
                    Value::Object(m) => m,
                    _ => Map::new(),
                };
                event.insert(
                    "userInfo".into(),
                    json!({ "appId": appid, "openId": openid }),
                );
                let mut wx = json!({
                    "OPENID": openid, "APPID": appid, "ENV": call.env,
                    "SOURCE": "wx_client", "CLIENTIP": "10.0.0.2", "CLIENTIPV6": "::ffff:10.0.0.2",
                });
                if let (Some(u), Some(m)) = (unionid, wx.as_object_mut()) {
                    m.insert("UNIONID".into(), Value::String(u));
                }
                let request_id = self.shared.request_id();
                let now = self.shared.now_ms();
                let rid = request_id.clone();
                Shared::call_function(
                    &self.shared,
                    &name,
                    Value::Object(event),
                    wx,
                    call.env,
                    now,
                    request_id,
                    Box::new(move |outcome, far| {
                        let outcome = outcome
                            .map(|result| map(json!({ "result": result, "requestID": rid })));
                        reply.ok(CloudAnswer { outcome, far });
                    }),
                );
            }
            op => {
                let outcome = self.shared.run(&call.env, op, &Caller::Client(openid));
                reply.ok(CloudAnswer {
                    outcome,
                    far: Vec::new(),
                });
            }
        }
    }
}
