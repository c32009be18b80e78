//! The cloud database: collections of JSON documents in memory, queried and updated as the
//! CloudBase document database does for the SDK's builders.
//!
//! Queries (docs: reference-client-api/database/command.html and guide/database/query.html):
//! `{field: value}` equality (a nested object matches its fields one by one, as `'a.b': v`
//! does; an array field matches a value it contains), `db.command` operators (`eq neq gt gte lt
//! lte in nin exists size mod all elemMatch not`, and `and / or / nor` at field or top level),
//! `db.RegExp` / JS regular expressions on strings. Updates (command.html, "更新指令"): plain
//! values and nested objects set field by field, `set` replaces, `remove inc mul min max rename
//! push pop shift unshift pull pullAll addToSet`. Values JSON cannot carry are tagged as in
//! `wxbox_host::cloud`; `{$serverDate: offset}` becomes `{$date: now + offset}` when written.
//!
//! Permissions (guide/database/permission.html) are checked here against the caller: the
//! mini-program side as the user's openid, cloud functions as the admin. This module knows
//! nothing of JavaScript or threads.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde_json::{json, Map, Value};
use wxbox_host::cloud::{CloudError, DbAction, DbOp, Permission};

/// Who runs an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// The mini-program, as this user: permission rules apply; writes record `_openid`.
    Client(String),
    /// A cloud function (or the console): everything is allowed.
    Admin,
}

/// One collection.
#[derive(Debug, Clone, Default)]
pub struct Collection {
    /// Documents in insertion order.
    pub docs: Vec<Map<String, Value>>,
    /// Its simple permission.
    pub permission: Permission,
}

/// The database of one environment.
#[derive(Debug, Default)]
pub struct Database {
    /// Collections by name.
    pub collections: BTreeMap<String, Collection>,
    /// Collections created on first write (`"*"`: every one).
    pub create_on_write: Vec<String>,
    next_id: u64,
    seed: u64,
}

/// Client `get` returns at most 20 documents, a cloud function's at most 1000 (Collection.limit
/// docs: "小程序端默认及最大上限为 20，云函数端默认及最大上限为 1000"; UNVERIFIED for older SDKs,
/// where the server's was 100).
const CLIENT_LIMIT: u64 = 20;
const ADMIN_LIMIT: u64 = 1000;

impl Database {
    /// An empty database whose generated ids derive from `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Database {
            seed,
            ..Database::default()
        }
    }

    /// A fresh `_id`: 32 hex digits, like CloudBase's, repeatable per seed.
    pub fn new_id(&mut self) -> String {
        self.next_id += 1;
        let a = mix(self.seed ^ self.next_id.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let b = mix(a ^ 0xD6E8_FEB8_6659_FD93);
        format!("{a:016x}{b:016x}")
    }

    /// Adds `docs` to `name` (created if needed), giving each an `_id` when it has none.
    pub fn seed_collection(&mut self, name: &str, docs: Vec<Value>, permission: Permission) {
        let mut out = Vec::new();
        for d in docs {
            if let Value::Object(mut m) = d {
                if !m.contains_key("_id") {
                    m.insert("_id".into(), Value::String(self.new_id()));
                }
                out.push(m);
            }
        }
        let c = self.collections.entry(name.to_string()).or_default();
        c.permission = permission;
        c.docs.extend(out);
    }

    fn collection(&mut self, name: &str, write: bool) -> Result<&mut Collection, CloudError> {
        let create = write && self.create_on_write.iter().any(|c| c == "*" || c == name);
        if create {
            return Ok(self.collections.entry(name.to_string()).or_default());
        }
        self.collections
            .get_mut(name)
            .ok_or_else(|| CloudError::CollectionNotExists(name.to_string()))
    }

    /// Runs `op` as `caller` at wall-clock `now_ms` (for `serverDate`); the success fields.
    ///
    /// # Errors
    /// The failures WeChat reports: a missing collection or document, a forbidden operation, a
    /// malformed query or update.
    pub fn run(
        &mut self,
        op: &DbOp,
        caller: &Caller,
        now_ms: i64,
    ) -> Result<Map<String, Value>, CloudError> {
        let action = op
            .action
            .ok_or_else(|| CloudError::Params("no action".into()))?;
        match action {
            DbAction::Add => self.add(op, caller, now_ms),
            DbAction::Get => self.get(op, caller),
            DbAction::Count => {
                let c = self.collection(&op.collection, false)?;
                let total = matching(c, op, caller, false)?.len();
                Ok(fields(json!({ "total": total })))
            }
            DbAction::Set => self.set(op, caller, now_ms),
            DbAction::Update => self.update(op, caller, now_ms),
            DbAction::Remove => self.remove(op, caller),
        }
    }

    fn add(
        &mut self,
        op: &DbOp,
        caller: &Caller,
        now_ms: i64,
    ) -> Result<Map<String, Value>, CloudError> {
        let Value::Object(data) = &op.data else {
            return Err(CloudError::Params(
                "data of collection.add must be an object".into(),
            ));
        };
        let mut doc = Map::new();
        for (k, v) in data {
            doc.insert(k.clone(), stored(v, now_ms)?);
        }
        let id = match doc.get("_id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => self.new_id(),
        };
        doc.insert("_id".into(), Value::String(id.clone()));
        let c = self.collection(&op.collection, true)?;
        if let Caller::Client(me) = caller {
            if !c.permission.client_writes(Some(me), me) {
                return Err(CloudError::PermissionDenied(format!(
                    "collection {} is not writable from the mini-program",
                    op.collection
                )));
            }
            // The SDK records the creator (permission.html: "以 _openid 字段保存用户的 openid").
            doc.insert("_openid".into(), Value::String(me.clone()));
        }
        if c.docs
            .iter()
            .any(|d| d.get("_id") == Some(&Value::String(id.clone())))
        {
            // UNVERIFIED text: a duplicate _id violates the unique index.
            return Err(CloudError::InvalidCommand(format!(
                "duplicate key: _id {id} already exists"
            )));
        }
        c.docs.push(doc);
        Ok(fields(json!({ "_id": id })))
    }

    fn get(&mut self, op: &DbOp, caller: &Caller) -> Result<Map<String, Value>, CloudError> {
        let c = self.collection(&op.collection, false)?;
        if let Some(id) = &op.doc {
            let doc = c
                .docs
                .iter()
                .find(|d| id_is(d, id))
                .filter(|d| readable(c.permission, d, caller))
                .ok_or_else(|| CloudError::DocNotFound(id.clone()))?;
            return Ok(fields(json!({ "data": project(doc, op.field.as_ref()) })));
        }
        let mut docs: Vec<&Map<String, Value>> = matching(c, op, caller, false)?
            .into_iter()
            .map(|i| &c.docs[i])
            .collect();
        sort(&mut docs, &op.order_by);
        let cap = if matches!(caller, Caller::Admin) {
            ADMIN_LIMIT
        } else {
            CLIENT_LIMIT
        };
        let limit = op.limit.map_or(cap, |l| l.min(cap));
        let skip = usize::try_from(op.skip.unwrap_or(0)).unwrap_or(usize::MAX);
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let data: Vec<Value> = docs
            .into_iter()
            .skip(skip)
            .take(limit)
            .map(|d| project(d, op.field.as_ref()))
            .collect();
        Ok(fields(json!({ "data": data })))
    }

    fn set(
        &mut self,
        op: &DbOp,
        caller: &Caller,
        now_ms: i64,
    ) -> Result<Map<String, Value>, CloudError> {
        let id = op
            .doc
            .clone()
            .ok_or_else(|| CloudError::Params("set needs doc(id)".into()))?;
        let Value::Object(data) = &op.data else {
            return Err(CloudError::Params(
                "data of document.set must be an object".into(),
            ));
        };
        let mut doc = Map::new();
        doc.insert("_id".into(), Value::String(id.clone()));
        for (k, v) in data {
            if k != "_id" {
                doc.insert(k.clone(), stored(v, now_ms)?);
            }
        }
        let c = self.collection(&op.collection, true)?;
        let at = c.docs.iter().position(|d| id_is(d, &id));
        if let Caller::Client(me) = caller {
            let owner = at.and_then(|i| owner(&c.docs[i]));
            let allowed = match at {
                Some(_) => c.permission.client_writes(owner.as_deref(), me),
                None => c.permission.client_writes(Some(me), me),
            };
            if !allowed {
                return Err(CloudError::PermissionDenied(format!(
                    "document {id} of {} is not writable by this user",
                    op.collection
                )));
            }
            doc.insert("_openid".into(), Value::String(me.clone()));
        } else if let Some(o) = at.and_then(|i| c.docs[i].get("_openid").cloned()) {
            doc.entry("_openid").or_insert(o);
        }
        let (updated, created) = match at {
            Some(i) => {
                c.docs[i] = doc;
                (1, 0)
            }
            None => {
                c.docs.push(doc);
                (0, 1)
            }
        };
        Ok(fields(
            json!({ "_id": id, "stats": { "updated": updated, "created": created } }),
        ))
    }

    fn update(
        &mut self,
        op: &DbOp,
        caller: &Caller,
        now_ms: i64,
    ) -> Result<Map<String, Value>, CloudError> {
        let Value::Object(data) = &op.data else {
            return Err(CloudError::Params(
                "data of update must be an object".into(),
            ));
        };
        if data.contains_key("_id") || (data.contains_key("_openid") && caller != &Caller::Admin) {
            // UNVERIFIED text; the field cannot be updated.
            return Err(CloudError::InvalidCommand(
                "_id and _openid cannot be updated".into(),
            ));
        }
        let c = self.collection(&op.collection, false)?;
        let targets = match &op.doc {
            Some(id) => c
                .docs
                .iter()
                .position(|d| id_is(d, id))
                .into_iter()
                .filter(|i| writable(c.permission, &c.docs[*i], caller))
                .collect(),
            None => matching(c, op, caller, true)?,
        };
        for &i in &targets {
            let mut doc = c.docs[i].clone();
            apply(&mut doc, data, now_ms)?;
            c.docs[i] = doc;
        }
        Ok(fields(json!({ "stats": { "updated": targets.len() } })))
    }

    fn remove(&mut self, op: &DbOp, caller: &Caller) -> Result<Map<String, Value>, CloudError> {
        let c = self.collection(&op.collection, false)?;
        let targets: Vec<usize> = match &op.doc {
            Some(id) => c
                .docs
                .iter()
                .position(|d| id_is(d, id))
                .into_iter()
                .filter(|i| writable(c.permission, &c.docs[*i], caller))
                .collect(),
            None => matching(c, op, caller, true)?,
        };
        let removed = targets.len();
        let mut i = 0;
        c.docs.retain(|_| {
            let keep = !targets.contains(&i);
            i += 1;
            keep
        });
        Ok(fields(json!({ "stats": { "removed": removed } })))
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn fields(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn id_is(doc: &Map<String, Value>, id: &str) -> bool {
    match doc.get("_id") {
        Some(Value::String(s)) => s == id,
        Some(Value::Number(n)) => n.to_string() == id,
        _ => false,
    }
}

fn owner(doc: &Map<String, Value>) -> Option<String> {
    doc.get("_openid")
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn readable(p: Permission, doc: &Map<String, Value>, caller: &Caller) -> bool {
    match caller {
        Caller::Admin => true,
        Caller::Client(me) => p.client_reads(owner(doc).as_deref(), me),
    }
}

fn writable(p: Permission, doc: &Map<String, Value>, caller: &Caller) -> bool {
    match caller {
        Caller::Admin => true,
        Caller::Client(me) => p.client_writes(owner(doc).as_deref(), me),
    }
}

/// Indexes of the documents matching every `where` of `op` that the caller may read (or, with
/// `write`, write). Under the simple permissions the mini-program side sees only what the rule
/// lets it, as if the query also named its `_openid` (UNVERIFIED: security rules instead refuse
/// a query that is not a subset of the rule).
fn matching(
    c: &Collection,
    op: &DbOp,
    caller: &Caller,
    write: bool,
) -> Result<Vec<usize>, CloudError> {
    let mut out = Vec::new();
    for (i, d) in c.docs.iter().enumerate() {
        let allowed = if write {
            writable(c.permission, d, caller)
        } else {
            readable(c.permission, d, caller)
        };
        if !allowed {
            continue;
        }
        let mut all = true;
        for q in &op.query {
            if !matches_query(d, q)? {
                all = false;
                break;
            }
        }
        if all {
            out.push(i);
        }
    }
    Ok(out)
}

fn cmd(v: &Value) -> Option<(&str, &[Value])> {
    let m = v.as_object()?;
    let name = m.get("$cmd")?.as_str()?;
    let args = m
        .get("args")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    Some((name, args))
}

fn is_tagged(m: &Map<String, Value>) -> bool {
    m.contains_key("$cmd") || m.contains_key("$date") || m.contains_key("$regex")
}

/// Whether `doc` matches the query object (or top-level logical command) `q`.
fn matches_query(doc: &Map<String, Value>, q: &Value) -> Result<bool, CloudError> {
    if let Some((name, args)) = cmd(q) {
        return match name {
            "and" => all_of(args, |a| matches_query(doc, a)),
            "or" => any_of(args, |a| matches_query(doc, a)),
            "nor" => Ok(!any_of(args, |a| matches_query(doc, a))?),
            other => Err(CloudError::InvalidCommand(format!(
                "{other} is not a query on its own: use it on a field"
            ))),
        };
    }
    let Value::Object(m) = q else {
        return Err(CloudError::InvalidCommand(format!(
            "a query must be an object, not {q}"
        )));
    };
    for (k, cond) in m {
        let path: Vec<&str> = k.split('.').collect();
        if !matches_field(doc, &path, cond)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn all_of(
    args: &[Value],
    mut f: impl FnMut(&Value) -> Result<bool, CloudError>,
) -> Result<bool, CloudError> {
    for a in args {
        if !f(a)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn any_of(
    args: &[Value],
    mut f: impl FnMut(&Value) -> Result<bool, CloudError>,
) -> Result<bool, CloudError> {
    for a in args {
        if f(a)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn lookup<'a>(doc: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let mut cur = doc.get(*first)?;
    for seg in rest {
        cur = match cur {
            Value::Object(m) => m.get(*seg)?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn matches_field(
    doc: &Map<String, Value>,
    path: &[&str],
    cond: &Value,
) -> Result<bool, CloudError> {
    // A plain nested object matches field by field ({a: {b: 1}} is 'a.b': 1).
    if let Value::Object(m) = cond {
        if !is_tagged(m) {
            if m.is_empty() {
                return Ok(lookup(doc, path).is_some_and(|v| v == cond));
            }
            for (k, sub) in m {
                let mut p = path.to_vec();
                p.extend(k.split('.'));
                if !matches_field(doc, &p, sub)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
    }
    matches_value(lookup(doc, path), cond)
}

/// Whether a field's value (absent: `None`) satisfies `cond`.
fn matches_value(v: Option<&Value>, cond: &Value) -> Result<bool, CloudError> {
    if let Some((name, args)) = cmd(cond) {
        let arg = args.first().unwrap_or(&Value::Null);
        return Ok(match name {
            "eq" => v.is_some_and(|v| equal_or_contains(v, arg)) || (arg.is_null() && v.is_none()),
            "neq" => {
                !(v.is_some_and(|v| equal_or_contains(v, arg)) || (arg.is_null() && v.is_none()))
            }
            "gt" | "gte" | "lt" | "lte" => v.is_some_and(|v| {
                compare_same_kind(v, arg).is_some_and(|o| match name {
                    "gt" => o == Ordering::Greater,
                    "gte" => o != Ordering::Less,
                    "lt" => o == Ordering::Less,
                    _ => o != Ordering::Greater,
                })
            }),
            "in" => {
                let list = arg.as_array().ok_or_else(|| bad_arg("in", "an array"))?;
                v.is_some_and(|v| list.iter().any(|x| equal_or_contains(v, x)))
            }
            "nin" => {
                let list = arg.as_array().ok_or_else(|| bad_arg("nin", "an array"))?;
                !v.is_some_and(|v| list.iter().any(|x| equal_or_contains(v, x)))
            }
            "exists" => v.is_some() == arg.as_bool().unwrap_or(true),
            "size" => v
                .and_then(Value::as_array)
                .is_some_and(|a| Some(a.len() as f64) == arg.as_f64()),
            "mod" => {
                // _.mod(divisor, remainder), or one [divisor, remainder] array.
                let (d, r) = match (arg.as_array(), args.get(1)) {
                    (Some(pair), _) => (
                        pair.first().and_then(Value::as_f64),
                        pair.get(1).and_then(Value::as_f64),
                    ),
                    (None, Some(r)) => (arg.as_f64(), r.as_f64()),
                    _ => (arg.as_f64(), Some(0.0)),
                };
                match (v.and_then(Value::as_f64), d, r) {
                    (Some(x), Some(d), Some(r)) if d != 0.0 => (x % d).trunc() == r,
                    _ => false,
                }
            }
            "all" => {
                let list = arg.as_array().ok_or_else(|| bad_arg("all", "an array"))?;
                v.and_then(Value::as_array)
                    .is_some_and(|a| list.iter().all(|x| a.contains(x)))
            }
            "elemMatch" => match v.and_then(Value::as_array) {
                Some(a) => {
                    let mut any = false;
                    for e in a {
                        let hit = match e {
                            Value::Object(m) => matches_query(m, arg)?,
                            other => matches_value(Some(other), arg)?,
                        };
                        if hit {
                            any = true;
                            break;
                        }
                    }
                    any
                }
                None => false,
            },
            "not" => !matches_value(v, arg)?,
            "and" => all_of(args, |a| matches_value(v, a))?,
            "or" => any_of(args, |a| matches_value(v, a))?,
            "nor" => !any_of(args, |a| matches_value(v, a))?,
            other => {
                return Err(CloudError::InvalidCommand(format!(
                    "db.command.{other} is an update command, not a query"
                )))
            }
        });
    }
    if let Some(m) = cond.as_object() {
        if let Some(src) = m.get("$regex").and_then(Value::as_str) {
            let flags = m.get("$options").and_then(Value::as_str).unwrap_or("");
            let re = regex(src, flags)?;
            return Ok(v.and_then(Value::as_str).is_some_and(|s| re.is_match(s)));
        }
    }
    Ok(match v {
        Some(v) => equal_or_contains(v, cond),
        None => cond.is_null(),
    })
}

fn bad_arg(cmd: &str, what: &str) -> CloudError {
    CloudError::InvalidCommand(format!("db.command.{cmd} takes {what}"))
}

fn regex(src: &str, flags: &str) -> Result<regex::Regex, CloudError> {
    let mut b = regex::RegexBuilder::new(src);
    b.case_insensitive(flags.contains('i'))
        .multi_line(flags.contains('m'))
        .dot_matches_new_line(flags.contains('s'));
    b.build()
        .map_err(|e| CloudError::InvalidCommand(format!("db.RegExp {src:?}: {e}")))
}

/// Equality, and an array field matching a value it contains (as MongoDB, which CloudBase's
/// document database follows).
fn equal_or_contains(v: &Value, x: &Value) -> bool {
    if equal(v, x) {
        return true;
    }
    match (v, x) {
        (Value::Array(a), x) if !x.is_array() => a.iter().any(|e| equal(e, x)),
        _ => false,
    }
}

fn equal(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn date_of(v: &Value) -> Option<f64> {
    v.as_object()
        .filter(|m| m.len() == 1)
        .and_then(|m| m.get("$date"))
        .and_then(Value::as_f64)
}

/// Comparison for gt/lt: numbers with numbers, strings with strings, dates with dates.
fn compare_same_kind(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => a.as_f64()?.partial_cmp(&b.as_f64()?),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => date_of(a)?.partial_cmp(&date_of(b)?),
    }
}

/// MongoDB's order across types: missing / null, numbers, strings, objects, arrays, booleans,
/// dates.
fn rank(v: Option<&Value>) -> u8 {
    match v {
        None | Some(Value::Null) => 0,
        Some(Value::Number(_)) => 1,
        Some(Value::String(_)) => 2,
        Some(v @ Value::Object(_)) if date_of(v).is_some() => 6,
        Some(Value::Object(_)) => 3,
        Some(Value::Array(_)) => 4,
        Some(Value::Bool(_)) => 5,
    }
}

fn order(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    let (ra, rb) = (rank(a), rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match (a, b) {
        (Some(x), Some(y)) => match (x, y) {
            (Value::Bool(p), Value::Bool(q)) => p.cmp(q),
            _ => compare_same_kind(x, y).unwrap_or(Ordering::Equal),
        },
        _ => Ordering::Equal,
    }
}

fn sort(docs: &mut [&Map<String, Value>], by: &[(String, String)]) {
    if by.is_empty() {
        return;
    }
    docs.sort_by(|a, b| {
        for (field, dir) in by {
            let path: Vec<&str> = field.split('.').collect();
            let o = order(lookup(a, &path), lookup(b, &path));
            let o = if dir.eq_ignore_ascii_case("desc") {
                o.reverse()
            } else {
                o
            };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    });
}

/// `field({a: true})` keeps `_id` and the true fields; `field({a: false})` drops the false ones.
fn project(doc: &Map<String, Value>, field: Option<&Map<String, Value>>) -> Value {
    let Some(f) = field.filter(|f| !f.is_empty()) else {
        return Value::Object(doc.clone());
    };
    let truthy = |v: &Value| {
        v.as_bool()
            .unwrap_or_else(|| v.as_f64().is_some_and(|n| n != 0.0))
    };
    if f.values().any(truthy) {
        let mut out = Map::new();
        if let Some(id) = doc.get("_id") {
            out.insert("_id".into(), id.clone());
        }
        for (k, v) in f {
            if truthy(v) {
                let top = k.split('.').next().unwrap_or(k);
                if let Some(x) = doc.get(top) {
                    out.insert(top.to_string(), x.clone());
                }
            }
        }
        Value::Object(out)
    } else {
        let mut out = doc.clone();
        for k in f.keys() {
            out.remove(k);
        }
        Value::Object(out)
    }
}

/// A value as written: `serverDate` resolved; update commands refused (they belong in update).
fn stored(v: &Value, now_ms: i64) -> Result<Value, CloudError> {
    match v {
        Value::Object(m) => {
            if let Some(off) = m.get("$serverDate") {
                let off = off.as_i64().unwrap_or(0);
                return Ok(json!({ "$date": now_ms.saturating_add(off) }));
            }
            if let Some((name, _)) = cmd(v) {
                return Err(CloudError::InvalidCommand(format!(
                    "db.command.{name} can only be used in update or where"
                )));
            }
            let mut out = Map::new();
            for (k, x) in m {
                out.insert(k.clone(), stored(x, now_ms)?);
            }
            Ok(Value::Object(out))
        }
        Value::Array(a) => a
            .iter()
            .map(|x| stored(x, now_ms))
            .collect::<Result<_, _>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

/// The parent object of `path`'s last segment, created along the way.
fn parent<'a>(
    doc: &'a mut Map<String, Value>,
    path: &[&str],
) -> Option<&'a mut Map<String, Value>> {
    let (_, dirs) = path.split_last()?;
    let mut cur = doc;
    for seg in dirs {
        let next = cur
            .entry((*seg).to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !next.is_object() {
            *next = Value::Object(Map::new());
        }
        cur = next.as_object_mut()?;
    }
    Some(cur)
}

/// Applies update `data` to `doc`.
fn apply(
    doc: &mut Map<String, Value>,
    data: &Map<String, Value>,
    now_ms: i64,
) -> Result<(), CloudError> {
    for (k, v) in data {
        let path: Vec<&str> = k.split('.').collect();
        apply_at(doc, &path, v, now_ms)?;
    }
    Ok(())
}

fn apply_at(
    doc: &mut Map<String, Value>,
    path: &[&str],
    v: &Value,
    now_ms: i64,
) -> Result<(), CloudError> {
    let Some(last) = path.last().map(|s| (*s).to_string()) else {
        return Ok(());
    };
    if let Value::Object(m) = v {
        if !is_tagged(m) && !m.contains_key("$serverDate") && !m.is_empty() {
            // A nested object updates its fields, not the whole value (command.html, "更新指令":
            // only `set` replaces an object).
            for (k, sub) in m {
                let mut p = path.to_vec();
                p.extend(k.split('.'));
                apply_at(doc, &p, sub, now_ms)?;
            }
            return Ok(());
        }
    }
    let Some((name, args)) = cmd(v) else {
        let value = stored(v, now_ms)?;
        if let Some(p) = parent(doc, path) {
            p.insert(last, value);
        }
        return Ok(());
    };
    let arg = args.first().cloned().unwrap_or(Value::Null);
    let p = parent(doc, path).ok_or_else(|| CloudError::InvalidCommand("empty field".into()))?;
    let cur = p.get(&last).cloned();
    let num = |v: &Option<Value>| v.as_ref().and_then(Value::as_f64).unwrap_or(0.0);
    let number = |x: f64| -> Value {
        if x.fract() == 0.0 && x.abs() < 9.0e15 {
            #[allow(clippy::cast_possible_truncation)]
            let i = x as i64;
            json!(i)
        } else {
            json!(x)
        }
    };
    let arr = |v: &Option<Value>| {
        v.as_ref()
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    match name {
        "set" => {
            p.insert(last, stored(&arg, now_ms)?);
        }
        "remove" => {
            p.remove(&last);
        }
        "inc" => {
            let by = arg.as_f64().ok_or_else(|| bad_arg("inc", "a number"))?;
            p.insert(last, number(num(&cur) + by));
        }
        "mul" => {
            let by = arg.as_f64().ok_or_else(|| bad_arg("mul", "a number"))?;
            p.insert(last, number(num(&cur) * by));
        }
        "min" | "max" => {
            let replace = match &cur {
                None => true,
                Some(c) => {
                    let o = order(Some(&arg), Some(c));
                    if name == "min" {
                        o == Ordering::Less
                    } else {
                        o == Ordering::Greater
                    }
                }
            };
            if replace {
                p.insert(last, stored(&arg, now_ms)?);
            }
        }
        "rename" => {
            let to = arg
                .as_str()
                .ok_or_else(|| bad_arg("rename", "a field name"))?;
            if let Some(x) = p.remove(&last) {
                p.insert(to.to_string(), x);
            }
        }
        "push" | "unshift" => {
            let mut list = arr(&cur);
            // push(v), push([a, b]), or push({each, position, sort, slice}).
            let (items, position, slice, sort_by) = match &arg {
                Value::Array(a) => (a.clone(), None, None, None),
                Value::Object(o) if o.contains_key("each") => (
                    o.get("each")
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default(),
                    o.get("position").and_then(Value::as_i64),
                    o.get("slice").and_then(Value::as_i64),
                    o.get("sort").cloned(),
                ),
                other => (vec![other.clone()], None, None, None),
            };
            let items: Vec<Value> = items
                .iter()
                .map(|x| stored(x, now_ms))
                .collect::<Result<_, _>>()?;
            let at = if name == "unshift" {
                0
            } else {
                match position {
                    Some(i) if i < 0 => list.len().saturating_sub(usize::try_from(-i).unwrap_or(0)),
                    Some(i) => usize::try_from(i).unwrap_or(0).min(list.len()),
                    None => list.len(),
                }
            };
            for (n, x) in items.into_iter().enumerate() {
                list.insert(at + n, x);
            }
            if let Some(s) = sort_by {
                let desc = s.as_i64() == Some(-1);
                list.sort_by(|a, b| {
                    let o = order(Some(a), Some(b));
                    if desc {
                        o.reverse()
                    } else {
                        o
                    }
                });
            }
            if let Some(s) = slice {
                let n = usize::try_from(s.unsigned_abs()).unwrap_or(usize::MAX);
                if s >= 0 {
                    list.truncate(n);
                } else if list.len() > n {
                    list.drain(..list.len() - n);
                }
            }
            p.insert(last, Value::Array(list));
        }
        "pop" | "shift" => {
            let mut list = arr(&cur);
            if name == "pop" {
                list.pop();
            } else if !list.is_empty() {
                list.remove(0);
            }
            p.insert(last, Value::Array(list));
        }
        "pull" => {
            let mut list = arr(&cur);
            let mut keep = Vec::new();
            for x in list.drain(..) {
                let hit = match (&x, &arg) {
                    (Value::Object(m), c @ Value::Object(cm)) if !is_tagged(cm) => {
                        matches_query(m, c)?
                    }
                    (x, c) => matches_value(Some(x), c)?,
                };
                if !hit {
                    keep.push(x);
                }
            }
            p.insert(last, Value::Array(keep));
        }
        "pullAll" => {
            let drop = arg.as_array().cloned().unwrap_or_default();
            let list: Vec<Value> = arr(&cur)
                .into_iter()
                .filter(|x| !drop.iter().any(|d| equal(d, x)))
                .collect();
            p.insert(last, Value::Array(list));
        }
        "addToSet" => {
            let mut list = arr(&cur);
            let items = match &arg {
                Value::Object(o) if o.contains_key("each") => o
                    .get("each")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
                other => vec![other.clone()],
            };
            for x in items {
                let x = stored(&x, now_ms)?;
                if !list.iter().any(|e| equal(e, &x)) {
                    list.push(x);
                }
            }
            p.insert(last, Value::Array(list));
        }
        other => {
            return Err(CloudError::InvalidCommand(format!(
                "db.command.{other} is a query command, not an update"
            )))
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(action: DbAction, collection: &str) -> DbOp {
        DbOp {
            action: Some(action),
            collection: collection.into(),
            ..DbOp::default()
        }
    }

    fn c(name: &str, args: Value) -> Value {
        json!({"$cmd": name, "args": args})
    }

    fn db() -> Database {
        let mut d = Database::new(1);
        d.seed_collection(
            "todos",
            vec![
                json!({"_id": "a", "n": 1, "tags": ["x", "y"], "_openid": "me", "s": {"k": "v"}}),
                json!({"_id": "b", "n": 5, "tags": ["y"], "_openid": "me", "title": "Hello"}),
                json!({"_id": "c", "n": 9, "_openid": "other"}),
            ],
            Permission::Private,
        );
        d
    }

    fn ids(r: &Map<String, Value>) -> Vec<String> {
        r["data"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| d["_id"].as_str().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn queries_use_commands_and_nested_fields() {
        let mut d = db();
        let admin = Caller::Admin;
        let mut q = op(DbAction::Get, "todos");
        q.query = vec![json!({"n": c("gt", json!([2]))})];
        assert_eq!(ids(&d.run(&q, &admin, 0).expect("runs")), ["b", "c"]);
        q.query = vec![json!({"tags": "x"})];
        assert_eq!(ids(&d.run(&q, &admin, 0).expect("runs")), ["a"]);
        q.query = vec![json!({"s": {"k": "v"}})];
        assert_eq!(ids(&d.run(&q, &admin, 0).expect("runs")), ["a"]);
        q.query = vec![c("or", json!([{"n": 1}, {"n": 9}]))];
        assert_eq!(ids(&d.run(&q, &admin, 0).expect("runs")), ["a", "c"]);
        q.query = vec![json!({"n": c("in", json!([[1, 5]]))})];
        assert_eq!(ids(&d.run(&q, &admin, 0).expect("runs")), ["a", "b"]);
        q.query = vec![json!({"title": {"$regex": "^hel", "$options": "i"}})];
        assert_eq!(ids(&d.run(&q, &admin, 0).expect("runs")), ["b"]);
        q.query = vec![json!({"n": c("and", json!([c("gte", json!([1])), c("lt", json!([9]))]))})];
        q.order_by = vec![("n".into(), "desc".into())];
        assert_eq!(ids(&d.run(&q, &admin, 0).expect("runs")), ["b", "a"]);
    }

    #[test]
    fn the_client_sees_and_writes_only_its_own_under_private() {
        let mut d = db();
        let me = Caller::Client("me".into());
        let q = op(DbAction::Get, "todos");
        assert_eq!(ids(&d.run(&q, &me, 0).expect("runs")), ["a", "b"]);
        let mut u = op(DbAction::Update, "todos");
        u.data = json!({"n": c("inc", json!([1]))});
        assert_eq!(d.run(&u, &me, 0).expect("runs")["stats"]["updated"], 2);
        u.doc = Some("c".into());
        assert_eq!(d.run(&u, &me, 0).expect("runs")["stats"]["updated"], 0);
        let mut g = op(DbAction::Get, "todos");
        g.doc = Some("c".into());
        assert_eq!(d.run(&g, &me, 0).expect_err("fails").code(), -502_001);
        let mut a = op(DbAction::Add, "todos");
        a.data = json!({"_openid": "forged", "x": 1});
        let id = d.run(&a, &me, 0).expect("runs")["_id"]
            .as_str()
            .expect("runs")
            .to_string();
        g.doc = Some(id);
        assert_eq!(d.run(&g, &me, 0).expect("runs")["data"]["_openid"], "me");
    }

    #[test]
    fn updates_merge_nested_objects_and_run_array_commands() {
        let mut d = db();
        let mut u = op(DbAction::Update, "todos");
        u.doc = Some("a".into());
        u.data = json!({"s": {"j": 2}, "tags": c("push", json!(["z"])), "n": c("remove", json!([])),
            "when": {"$serverDate": 5}});
        d.run(&u, &Caller::Admin, 1000).expect("runs");
        let doc = &d.collections["todos"].docs[0];
        assert_eq!(doc["s"], json!({"k": "v", "j": 2}));
        assert_eq!(doc["tags"], json!(["x", "y", "z"]));
        assert!(!doc.contains_key("n"));
        assert_eq!(doc["when"], json!({"$date": 1005}));
        u.data = json!({"tags": c("pull", json!(["y"])), "s": c("set", json!([{"only": 1}]))});
        d.run(&u, &Caller::Admin, 0).expect("runs");
        let doc = &d.collections["todos"].docs[0];
        assert_eq!(doc["tags"], json!(["x", "z"]));
        assert_eq!(doc["s"], json!({"only": 1}));
    }

    #[test]
    fn a_missing_collection_fails_unless_created_on_write() {
        let mut d = db();
        let mut a = op(DbAction::Add, "nope");
        a.data = json!({"x": 1});
        assert_eq!(
            d.run(&a, &Caller::Admin, 0).expect_err("fails").code(),
            -502_005
        );
        d.create_on_write = vec!["*".into()];
        assert!(d.run(&a, &Caller::Admin, 0).is_ok());
        let r = d
            .run(&op(DbAction::Count, "nope"), &Caller::Admin, 0)
            .expect("runs");
        assert_eq!(r["total"], 1);
    }

    #[test]
    fn remove_and_limits() {
        let mut d = db();
        let mut r = op(DbAction::Remove, "todos");
        r.query = vec![json!({"n": c("lt", json!([6]))})];
        assert_eq!(
            d.run(&r, &Caller::Admin, 0).expect("runs")["stats"]["removed"],
            2
        );
        let mut g = op(DbAction::Get, "todos");
        g.limit = Some(0);
        assert_eq!(ids(&d.run(&g, &Caller::Admin, 0).expect("runs")).len(), 0);
    }
}
