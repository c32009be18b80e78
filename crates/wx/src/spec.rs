//! The shape of an API table entry. Every `wx` method is described once, as data
//! (`crates/wx/api/wx-api.json`, extracted from the official typings, plus `superapp.json` for the
//! superapp extensions); registration, validation, `canIUse` and `wxbox api` read it.

use serde::{Deserialize, Serialize};

use crate::lazy::{is_empty, Lazy};

/// A value's type, named as WeChat names it in validation messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Ty {
    String,
    Number,
    Boolean,
    Object,
    Array,
    Function,
    ArrayBuffer,
    Null,
    /// Any value (`any` in the typings, storage data).
    Any,
}

impl Ty {
    /// The name in messages (`String`, `Number`, ...).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Ty::String => "String",
            Ty::Number => "Number",
            Ty::Boolean => "Boolean",
            Ty::Object => "Object",
            Ty::Array => "Array",
            Ty::Function => "Function",
            Ty::ArrayBuffer => "ArrayBuffer",
            Ty::Null => "Null",
            Ty::Any => "Any",
        }
    }
}

/// A parameter (option field or positional argument) or a result field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Field or argument name.
    pub name: String,
    /// Accepted types (more than one for a union such as `string | ArrayBuffer`).
    pub types: Vec<Ty>,
    /// Must be present (for parameters) / always present (for results).
    pub required: bool,
    /// The literal values a union of literals allows (`lang`: `en`, `zh_CN`, `zh_TW`).
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<serde_json::Value>,
    /// Fields of an object-typed field, a few levels deep.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// For a listener argument: the fields of the object the listener receives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub callback: Vec<Field>,
}

/// How an API is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Call {
    /// `wx.x(options)` with success / fail / complete, returning a Promise without them.
    Promise,
    /// `wx.x(options)` with callbacks only; returns something else (`request` returns a task).
    Callback,
    /// Positional arguments; returns a value or throws (`xSync`, `onX(listener)`, `createX()`).
    Sync,
}

/// An interface a method returns (`InnerAudioContext`) and its methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interface {
    /// The typings name.
    pub name: String,
    /// Its methods, in the shape of a `wx` method (parsed when the interface is first used).
    pub methods: Lazy<Vec<ApiSpec>>,
}

/// One `wx` method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiSpec {
    /// The method name (`setStorage`).
    pub name: String,
    /// The docs section it lives in (`open-api/login`), from its documentation address; empty
    /// for the methods of a returned interface.
    #[serde(default)]
    pub category: String,
    /// The base library version that introduced it, when the typings say.
    #[serde(default)]
    pub since: Option<String>,
    /// How it is called.
    pub call: Call,
    /// Async: whether the option object may be omitted.
    #[serde(default)]
    pub optional: bool,
    /// Option fields (async) or positional arguments (sync), without success / fail / complete.
    pub params: Lazy<Vec<Field>>,
    /// Fields of the success result (async).
    #[serde(default, skip_serializing_if = "is_empty")]
    pub success: Lazy<Vec<Field>>,
    /// The declared return type (sync, and callback-style APIs such as `request`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returns: Option<String>,
    /// Fields of the returned object (sync).
    #[serde(default, rename = "return", skip_serializing_if = "is_empty")]
    pub ret: Lazy<Vec<Field>>,
    /// Trailing arguments after the option object (a component instance).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<String>,
    /// How many signatures the typings declare, when more than one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overloads: Option<u32>,
    /// Documentation address, when it is not the usual one for its category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The interface of the object it returns (`InnerAudioContext`), when that interface has
    /// methods; listed in the table's `interfaces`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// Set for methods WeChat dropped from the typings that real apps still call
    /// (`getSavedFileList`); says where they were documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy: Option<String>,
    /// Set for methods the superapp adds beyond the typings; says where they are documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
}

impl ApiSpec {
    /// The documentation address.
    #[must_use]
    pub fn doc_url(&self) -> String {
        self.doc.clone().unwrap_or_else(|| {
            format!(
                "https://developers.weixin.qq.com/miniprogram/dev/api/{}/wx.{}.html",
                self.category, self.name
            )
        })
    }

    /// Async (callbacks) rather than sync.
    #[must_use]
    pub fn is_async(&self) -> bool {
        self.call != Call::Sync
    }

    /// A listener method (`onCanplay(listener)` / `offCanplay(listener?)`): the event name and
    /// whether it adds.
    #[must_use]
    pub fn listener(&self) -> Option<(&str, bool)> {
        if self.call != Call::Sync {
            return None;
        }
        let name = self.name.as_str();
        let (event, on) = match name.strip_prefix("on") {
            Some(e) => (e, true),
            None => (name.strip_prefix("off")?, false),
        };
        let takes_function = self
            .params
            .first()
            .is_some_and(|p| p.types == [Ty::Function]);
        let named = event.starts_with(|c: char| c.is_ascii_uppercase());
        (named && (takes_function || (!on && self.params.is_empty()))).then_some((event, on))
    }

    /// The parameter called `name`.
    #[must_use]
    pub fn param(&self, name: &str) -> Option<&Field> {
        self.params.iter().find(|p| p.name == name)
    }
}
