//! The shape of an API table entry. Every `wx` method is described once, as data; registration,
//! validation (and, with the full surface, `canIUse`, `wxbox api` and conformance) read it.

/// A parameter's accepted type, named as WeChat names it in validation messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Ty {
    String,
    Number,
    Boolean,
    Object,
    Array,
    Function,
    /// Any value (storage data).
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
            Ty::Any => "Any",
        }
    }
}

/// One parameter: an option-object field for async APIs, a positional argument for sync ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// Field or argument name.
    pub name: &'static str,
    /// The type.
    pub ty: Ty,
    /// Must be present.
    pub required: bool,
}

/// How an API is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `wx.x({..., success, fail, complete})`; `promise` says whether the Promise rule applies.
    Async {
        /// Returns a Promise when no callback is given.
        promise: bool,
    },
    /// `wx.xSync(args...)`: returns a value or throws.
    Sync,
}

/// The API families, as host handlers group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Family {
    Storage,
    Route,
}

/// One `wx` method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiSpec {
    /// The method name (`setStorage`).
    pub name: &'static str,
    /// Async (callbacks / Promise) or sync.
    pub kind: Kind,
    /// Its family.
    pub family: Family,
    /// Parameters: option fields (async) or positional arguments (sync).
    pub params: &'static [Param],
}

/// A required parameter.
#[must_use]
pub const fn req(name: &'static str, ty: Ty) -> Param {
    Param {
        name,
        ty,
        required: true,
    }
}

/// An optional parameter.
#[must_use]
pub const fn opt(name: &'static str, ty: Ty) -> Param {
    Param {
        name,
        ty,
        required: false,
    }
}

/// An async API that follows the Promise rule.
#[must_use]
pub const fn promised(name: &'static str, family: Family, params: &'static [Param]) -> ApiSpec {
    ApiSpec {
        name,
        kind: Kind::Async { promise: true },
        family,
        params,
    }
}

/// A sync API.
#[must_use]
pub const fn sync(name: &'static str, family: Family, params: &'static [Param]) -> ApiSpec {
    ApiSpec {
        name,
        kind: Kind::Sync,
        family,
        params,
    }
}
