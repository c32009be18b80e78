//! `wx.cloud` end to end through the `wxbox` binary: `sample-apps/cloud-demo`'s own cloud
//! functions (getWXContext, writes as the admin, a nested call, a throw, a Node built-in, a
//! timeout), the database with commands, permissions and serverDate on the virtual clock, the
//! seeded collections, storage, callbacks and Promises, and calls before `init`.

mod support;

use serde_json::Value;
use support::{console_texts, json_lines, stderr, wxbox};

const APP: &str = "sample-apps/cloud-demo";

fn run(calls: &[&str]) -> Vec<Value> {
    let mut args = vec!["run", APP, "--format", "json"];
    for c in calls {
        args.extend_from_slice(&["--call", c]);
    }
    let out = wxbox(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    json_lines(&out)
}

fn line<'a>(texts: &'a [String], prefix: &str) -> &'a str {
    texts
        .iter()
        .find(|t| t.starts_with(prefix))
        .unwrap_or_else(|| panic!("no console line starting {prefix:?} in {texts:#?}"))
}

/// The simulated user's openid, as the login function reports it.
fn openid(texts: &[String]) -> String {
    line(texts, "login cloud.callFunction")
        .split(' ')
        .nth(2)
        .unwrap_or_default()
        .to_string()
}

#[test]
fn login_function_reads_the_callers_context_and_seeds_are_private() {
    let events = run(&[]);
    let texts = console_texts(&events);
    let me = openid(&texts);
    assert!(me.len() > 10, "{me}");
    // Callback form: errMsg, the openid from getWXContext, the env from init, the event with
    // the injected userInfo.
    assert_eq!(
        line(&texts, "login cloud.callFunction"),
        format!("login cloud.callFunction:ok {me} demo-env cloud:true")
    );
    // Only the user's own seeded document: someone else's (priority 9) is not readable.
    assert_eq!(line(&texts, "todos "), "todos collection.get:ok buy milk");
    // The function's console line, tagged with its party, and the request / response pair.
    let fn_line = events
        .iter()
        .find(|e| e["kind"] == "console" && e["party"] == "cloud:login")
        .expect("the function's console line");
    assert_eq!(
        fn_line["text"],
        format!("login called by {me} source wx_client")
    );
    let req = events
        .iter()
        .find(|e| e["kind"] == "request" && e["to"] == "cloud:demo-env")
        .expect("a cloud request");
    assert_eq!(
        (req["method"].as_str(), req["url"].as_str()),
        (Some("callFunction"), Some("login"))
    );
    assert!(events.iter().any(|e| e["kind"] == "response"
        && e["id"] == req["id"]
        && e["data"]["result"]["openid"] == me.as_str()));
    // The page rendered the openid and the list.
    let end = events.last().expect("end");
    assert_eq!(end["data"]["openid"], me.as_str());
}

#[test]
fn the_database_adds_queries_updates_and_removes_with_commands_and_permissions() {
    let events = run(&["addTodo", "queries", "completeAll"]);
    let texts = console_texts(&events);
    // add records the caller, serverDate is the sandbox's virtual clock (2024-03-10 10:00 +08:00)
    // and comes back as a Date.
    assert_eq!(
        line(&texts, "added "),
        "added collection.add:ok true true 2024-03-10T02:00:00.000Z"
    );
    let updated: Value =
        serde_json::from_str(line(&texts, "updated ").trim_start_matches("updated "))
            .expect("json");
    assert_eq!(updated["priority"], 7, "inc(2) on 5");
    assert_eq!(updated["tags"], serde_json::json!(["a", "b", "c"]), "push");
    assert!(
        updated.get("note").is_none(),
        "field() keeps only what it names"
    );
    assert!(updated["_id"].is_string());
    // gt/and, or with a RegExp, someone else's documents invisible, a read_all collection
    // readable but not writable by a non-creator.
    assert_eq!(line(&texts, "queries "), "queries 1 2 0 Welcome");
    assert_eq!(line(&texts, "notice still "), "notice still Welcome");
    // where().update / where().remove touch only the user's own documents.
    assert_eq!(line(&texts, "completed "), "completed 2 removed 2");
    assert_eq!(
        texts
            .iter()
            .rfind(|t| t.starts_with("todos "))
            .map(String::as_str),
        Some("todos collection.get:ok ")
    );
}

#[test]
fn a_function_writes_as_the_admin_and_calls_another() {
    let events = run(&["serverAdd"]);
    let texts = console_texts(&events);
    // The function sees every document (the user's seed, someone else's, its own new one).
    assert_eq!(
        line(&texts, "server added "),
        "server added cloud.callFunction:ok string from the server server 3"
    );
    assert!(events.iter().any(|e| e["kind"] == "console"
        && e["party"] == "cloud:addTodo"
        && e["text"] == "nested login true"));
    // The nested call's own line, with the chained SOURCE.
    assert!(events.iter().any(|e| e["kind"] == "console"
        && e["party"] == "cloud:login"
        && e["text"]
            .as_str()
            .is_some_and(|t| t.ends_with("source wx_client,scf"))));
}

#[test]
fn failures_are_errors_with_wechats_codes() {
    let events = run(&["missing", "boom", "noFs", "slow"]);
    let texts = console_texts(&events);
    assert_eq!(
        line(&texts, "missing "),
        "missing true -501000 cloud.callFunction:fail Error: errCode: -501000 | errMsg: FunctionName parameter could not be found."
    );
    let boom = line(&texts, "boom -");
    assert!(boom.starts_with("boom -404011 cloud.callFunction:fail errCode: -404011 cloud function execution error | errMsg: requestID "), "{boom}");
    assert!(
        boom.ends_with(
            "cloud function service error code -504002, error message Error: the function broke"
        ),
        "{boom}"
    );
    assert!(texts.iter().any(|t| t == "boom complete"));
    let fs = line(&texts, "usesFs ");
    assert!(
        fs.contains("cloud function \"usesFs\" requires Node's built-in module \"fs\""),
        "{fs}"
    );
    assert_eq!(
        line(&texts, "slow "),
        "slow -504003 cloud.callFunction:fail Error: errCode: -504003 | errMsg: Invoking task timed out after 3 seconds"
    );
    // The throw is in the trace as the function's error, and the app still ends cleanly.
    assert!(events
        .iter()
        .any(|e| e["kind"] == "error" && e["origin"] == "cloud:boom"));
}

#[test]
fn storage_and_a_second_environment_before_and_after_init() {
    let events = run(&["files", "beforeInit"]);
    let texts = console_texts(&events);
    assert_eq!(
        line(&texts, "files "),
        "files cloud://demo-env.6465-demo-env-1250000000/notes/hello.txt \
         https://6465-demo-env-1250000000.tcb.qcloud.la/notes/hello.txt 0 -503003 200 0"
    );
    assert_eq!(
        line(&texts, "before init "),
        "before init -1 cloud.callFunction:fail Cloud API isn't enabled, please call wx.cloud.init first"
    );
    assert_eq!(line(&texts, "after init "), "after init other-env");
    let upload = events
        .iter()
        .find(|e| e["kind"] == "request" && e["method"] == "uploadFile")
        .expect("the upload's request event");
    assert_eq!(
        upload["data"]["bytes"], 11,
        "the file's bytes were uploaded"
    );
}

#[test]
fn a_seed_file_that_is_missing_stops_the_launch() {
    let out = wxbox(&["run", "tests/apps/cloud-bad-seed"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("cloud.collections.todos: cannot read"),
        "{err}"
    );
    assert!(err.contains("missing.json"), "{err}");
}
