//! Parameter errors are named in the order of the method's documentation page
//! (`api/docs-order.json`), not the typings' alphabetical one: WeChat answers `requestPayment({})`
//! with timeStamp, nonceStr, package, paySign (wx-protocol.md section 1).

use wxbox_wx::surface::{
    surface, OrderProblem, Surface, SurfaceError, DOCS_ORDER_JSON, SUPERAPP_JSON, TIERS_JSON,
    TYPINGS_JSON,
};

mod support;

/// Console lines (and uncaught errors) of `js` run with `wx` installed, to idle.
fn run(js: &str) -> Vec<String> {
    support::run_with(js, |_| {})
}

fn names(method: &str) -> Vec<String> {
    surface()
        .method(method)
        .expect("listed")
        .params
        .iter()
        .map(|p| p.name.clone())
        .collect()
}

#[test]
fn request_payment_without_options_names_its_fields_in_the_documented_order() {
    assert_eq!(
        run("wx.requestPayment({}).catch(e => console.log(e.errMsg))"),
        ["requestPayment:fail parameter error: parameter.timeStamp should be String instead of Undefined;parameter.nonceStr should be String instead of Undefined;parameter.package should be String instead of Undefined;parameter.paySign should be String instead of Undefined;"]
    );
}

#[test]
fn present_fields_drop_out_and_the_rest_keep_the_documented_order() {
    // package and signType given: timeStamp, nonceStr, paySign remain, in the docs' order (the
    // typings' order would put nonceStr before timeStamp and paySign before it too).
    assert_eq!(
        run("wx.requestPayment({ package: 'x', signType: 'MD5', fail: e => console.log(e.errMsg) })"),
        ["requestPayment:fail parameter error: parameter.timeStamp should be String instead of Undefined;parameter.nonceStr should be String instead of Undefined;parameter.paySign should be String instead of Undefined;"]
    );
}

#[test]
fn set_navigation_bar_color_names_front_color_first_as_its_page_lists_it() {
    // developers.weixin.qq.com/miniprogram/dev/api/ui/navigation-bar/wx.setNavigationBarColor.html
    // lists frontColor, backgroundColor, animation; the typings put backgroundColor first.
    assert_eq!(
        run("wx.setNavigationBarColor({ animation: 1 }).catch(e => console.log(e.errMsg))"),
        ["setNavigationBarColor:fail parameter error: parameter.frontColor should be String instead of Undefined;parameter.backgroundColor should be String instead of Undefined;parameter.animation should be Object instead of Number;"]
    );
}

#[test]
fn the_shipped_order_file_loads_and_orders_every_method_it_lists() {
    let file: serde_json::Value = serde_json::from_str(DOCS_ORDER_JSON).expect("parses");
    let methods = file["methods"].as_object().expect("methods");
    assert!(methods.len() >= 46, "{} methods", methods.len());
    let s = surface();
    for (name, entry) in methods {
        let order: Vec<String> = entry["order"]
            .as_array()
            .expect("order")
            .iter()
            .map(|v| v.as_str().expect("a name").to_string())
            .collect();
        assert_eq!(names(name), order, "{name}");
        // The source is the method's official page, at the address its docs category gives.
        let category = &s.method(name).expect("listed").category;
        assert_eq!(
            entry["source"].as_str(),
            Some(
                format!(
                    "https://developers.weixin.qq.com/miniprogram/dev/api/{category}/wx.{name}.html"
                )
                .as_str()
            ),
            "{name}"
        );
    }
    // A method the file does not list keeps the typings' order.
    assert!(!methods.contains_key("request"));
    let table: serde_json::Value = serde_json::from_str(TYPINGS_JSON).expect("parses");
    let typed: Vec<String> = table["methods"]
        .as_array()
        .expect("methods")
        .iter()
        .find(|m| m["name"] == "request")
        .expect("request")["params"]
        .as_array()
        .expect("params")
        .iter()
        .map(|p| p["name"].as_str().expect("a name").to_string())
        .collect();
    assert_eq!(names("request"), typed);
}

fn with_order(entry: &str) -> Result<Surface, SurfaceError> {
    let doc = format!("{{\"methods\": {{{entry}}}}}");
    Surface::parse_tables(TYPINGS_JSON, SUPERAPP_JSON, TIERS_JSON, &doc)
}

fn order_fault(r: Result<Surface, SurfaceError>) -> (String, String, OrderProblem, String) {
    let e = r.map(|_| ()).expect_err("a load error");
    let text = e.to_string();
    match e {
        SurfaceError::Order {
            method,
            name,
            problem,
        } => (method, name, problem, text),
        other => panic!("expected an order error, got {other:?}"),
    }
}

#[test]
fn an_order_that_is_not_exactly_the_methods_params_is_a_load_error_naming_both() {
    let src = "\"source\": \"https://developers.weixin.qq.com/x\"";
    let (method, name, problem, text) = order_fault(with_order(&format!(
        "\"setTabBarBadge\": {{\"order\": [\"index\", \"txet\"], {src}}}"
    )));
    assert_eq!((method.as_str(), name.as_str()), ("setTabBarBadge", "txet"));
    assert_eq!(problem, OrderProblem::NotAParameter);
    assert_eq!(
        text,
        "docs-order.json: `setTabBarBadge`: `txet` is not one of its parameters"
    );

    let (method, name, problem, _) = order_fault(with_order(&format!(
        "\"setTabBarBadge\": {{\"order\": [\"index\"], {src}}}"
    )));
    assert_eq!((method.as_str(), name.as_str()), ("setTabBarBadge", "text"));
    assert_eq!(problem, OrderProblem::Unlisted);

    let (_, name, problem, _) = order_fault(with_order(&format!(
        "\"setTabBarBadge\": {{\"order\": [\"index\", \"text\", \"index\"], {src}}}"
    )));
    assert_eq!((name.as_str(), problem), ("index", OrderProblem::Twice));

    match with_order(&format!("\"requestPaymant\": {{\"order\": [], {src}}}")) {
        Err(SurfaceError::UnknownOrdered(m)) => assert_eq!(m, "requestPaymant"),
        other => panic!("expected an unknown method, got {other:?}"),
    }
    assert!(matches!(
        with_order(&format!(
            "\"setTabBarBadge\": {{\"order\": [\"index\", \"text\"], \"sauce\": 1, {src}}}"
        )),
        Err(SurfaceError::Json {
            file: "docs-order.json",
            ..
        })
    ));
    // Listing exactly the params, in any order, loads and applies that order.
    let s = with_order(&format!(
        "\"setTabBarBadge\": {{\"order\": [\"text\", \"index\"], {src}}}"
    ))
    .expect("loads");
    let got: Vec<&str> = s
        .method("setTabBarBadge")
        .expect("listed")
        .params
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(got, ["text", "index"]);
}
