//! The expressions inside WXML's `{{ }}`: the subset WeChat's template compiler accepts
//! (literals, names, member access, arithmetic, comparison, logic, the conditional operator,
//! array and object literals with spread, and the brace-less object `{{a: 1, ...b}}` that
//! `<template data>` uses), evaluated over JSON page data with JavaScript's rules.
//!
//! In WXML only `<wxs>` module functions can be called: a call of `m.fn(a)` (or a read of
//! `m.CONST`), where `m` is a module of the file ([`Expr::Wxs`]), goes to the [`Wxs`] runtime at
//! the root of the [`Scope`]; any other call is `undefined`.

use std::fmt::Write as _;
use std::rc::Rc;

use crate::wxs::{target, Wxs, WxsModule};

use serde_json::{Map, Number, Value};

/// An expression that failed to parse: where (a character offset into the expression) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ExprError {
    /// Character offset into the expression text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal (number, string, boolean, null).
    Lit(Value),
    /// `undefined`.
    Undefined,
    /// A name looked up in the scope (`item`, `index`, a data key).
    Name(String),
    /// `a.b` and `a[b]`.
    Member(Box<Expr>, Box<Expr>),
    /// `f(x)`: a call of a `<wxs>` module's function; anything else is `undefined`.
    Call(Box<Expr>, Vec<Expr>),
    /// A `<wxs>` module's name, resolved at compile time in the file that declares it.
    Wxs(Rc<WxsModule>),
    /// `!a`, `-a`, `+a`.
    Unary(char, Box<Expr>),
    /// Arithmetic and comparison.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `a && b`.
    And(Box<Expr>, Box<Expr>),
    /// `a || b`.
    Or(Box<Expr>, Box<Expr>),
    /// `a ? b : c`.
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `[a, b, ...c]`.
    Array(Vec<Item>),
    /// `{a: 1, b, ...c}` (also written without braces at the top of a mustache).
    Object(Vec<Prop>),
}

/// An array literal element.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `x`.
    One(Expr),
    /// `...x`.
    Spread(Expr),
}

/// An object literal member.
#[derive(Debug, Clone, PartialEq)]
pub enum Prop {
    /// `key: value` (and the shorthand `key`).
    Pair(String, Expr),
    /// `...value`.
    Spread(Expr),
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `===`
    StrictEq,
    /// `!==`
    StrictNe,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Ident(String),
    Punct(&'static str),
    End,
}

const PUNCTS: &[&str] = &[
    "...", "===", "!==", "==", "!=", "<=", ">=", "&&", "||", "?", ":", ".", ",", "(", ")", "[",
    "]", "{", "}", "+", "-", "*", "/", "%", "!", "<", ">",
];

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |offset: usize, message: String| ExprError { offset, message };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                // An exponent sign belongs to the number: 1e-3.
                if matches!(chars[i], 'e' | 'E') && matches!(chars.get(i + 1), Some('+' | '-')) {
                    i += 1;
                }
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let n = if let Some(hex) = text.strip_prefix("0x").or(text.strip_prefix("0X")) {
                i64::from_str_radix(hex, 16).ok().map(|n| n as f64)
            } else {
                text.parse::<f64>().ok()
            };
            let n = n.ok_or_else(|| err(start, format!("invalid number `{text}`")))?;
            out.push((Tok::Num(n), start));
            continue;
        }
        if c == '"' || c == '\'' {
            i += 1;
            let mut s = String::new();
            loop {
                let Some(&d) = chars.get(i) else {
                    return Err(err(start, "unterminated string".into()));
                };
                i += 1;
                if d == c {
                    break;
                }
                if d != '\\' {
                    s.push(d);
                    continue;
                }
                let Some(&e) = chars.get(i) else {
                    return Err(err(start, "unterminated string".into()));
                };
                i += 1;
                match e {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    'u' => {
                        let hex: String = chars.iter().skip(i).take(4).collect();
                        let code = u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .ok_or_else(|| err(i - 2, "invalid \\u escape".into()))?;
                        s.push(code);
                        i += 4;
                    }
                    other => s.push(other),
                }
            }
            out.push((Tok::Str(s), start));
            continue;
        }
        if c.is_alphabetic() || c == '_' || c == '$' {
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            out.push((Tok::Ident(chars[start..i].iter().collect()), start));
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 3)].iter().collect();
        let Some(p) = PUNCTS.iter().find(|p| rest.starts_with(**p)) else {
            return Err(err(i, format!("unexpected character `{c}`")));
        };
        i += p.chars().count();
        out.push((Tok::Punct(p), start));
    }
    out.push((Tok::End, chars.len()));
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    depth: usize,
}

/// Deeper nesting than this is refused (the parser recurses; a hostile page must not overflow
/// the native stack).
const MAX_NESTING: usize = 128;

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }
    fn peek_at(&self, n: usize) -> &Tok {
        &self.toks[(self.pos + n).min(self.toks.len() - 1)].0
    }
    fn offset(&self) -> usize {
        self.toks[self.pos].1
    }
    fn bump(&mut self) -> Tok {
        let t = self.toks[self.pos].0.clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }
    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::Punct(q) if *q == p)
    }
    fn eat(&mut self, p: &str) -> bool {
        let yes = self.is(p);
        if yes {
            self.bump();
        }
        yes
    }
    fn fail<T>(&self, what: &str) -> Result<T, ExprError> {
        let found = match self.peek() {
            Tok::Num(n) => format!("number {n}"),
            Tok::Str(s) => format!("string {s:?}"),
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Punct(p) => format!("`{p}`"),
            Tok::End => "the end".into(),
        };
        Err(ExprError {
            offset: self.offset(),
            message: format!("expected {what}, found {found}"),
        })
    }
    fn expect(&mut self, p: &str) -> Result<(), ExprError> {
        if self.eat(p) {
            Ok(())
        } else {
            self.fail(&format!("`{p}`"))
        }
    }

    fn expr(&mut self) -> Result<Expr, ExprError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(ExprError {
                offset: self.offset(),
                message: format!("expression nested deeper than {MAX_NESTING}"),
            });
        }
        let e = self.conditional();
        self.depth -= 1;
        e
    }

    fn conditional(&mut self) -> Result<Expr, ExprError> {
        let test = self.binary(0)?;
        if !self.eat("?") {
            return Ok(test);
        }
        let yes = self.expr()?;
        self.expect(":")?;
        let no = self.expr()?;
        Ok(Expr::Cond(Box::new(test), Box::new(yes), Box::new(no)))
    }

    /// Precedence climbing: `||` < `&&` < equality < relational < additive < multiplicative.
    fn binary(&mut self, level: usize) -> Result<Expr, ExprError> {
        const LEVELS: &[&[&str]] = &[
            &["||"],
            &["&&"],
            &["===", "!==", "==", "!="],
            &["<=", ">=", "<", ">"],
            &["+", "-"],
            &["*", "/", "%"],
        ];
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        while let Tok::Punct(p) = *self.peek() {
            if !LEVELS[level].contains(&p) {
                break;
            }
            self.bump();
            let right = Box::new(self.binary(level + 1)?);
            let l = Box::new(left);
            left = match p {
                "||" => Expr::Or(l, right),
                "&&" => Expr::And(l, right),
                _ => Expr::Binary(
                    match p {
                        "+" => BinOp::Add,
                        "-" => BinOp::Sub,
                        "*" => BinOp::Mul,
                        "/" => BinOp::Div,
                        "%" => BinOp::Rem,
                        "<" => BinOp::Lt,
                        ">" => BinOp::Gt,
                        "<=" => BinOp::Le,
                        ">=" => BinOp::Ge,
                        "==" => BinOp::Eq,
                        "!=" => BinOp::Ne,
                        "===" => BinOp::StrictEq,
                        _ => BinOp::StrictNe,
                    },
                    l,
                    right,
                ),
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        for op in ['!', '-', '+'] {
            if self.eat(&op.to_string()) {
                // `!!!!x`: counted like parentheses.
                self.depth += 1;
                if self.depth > MAX_NESTING {
                    return self.fail("fewer unary operators");
                }
                let inner = self.unary()?;
                self.depth -= 1;
                return Ok(Expr::Unary(op, Box::new(inner)));
            }
        }
        if matches!(self.peek(), Tok::Ident(s) if s == "typeof") {
            self.bump();
            return Ok(Expr::Unary('t', Box::new(self.unary()?)));
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Expr, ExprError> {
        let mut e = self.primary()?;
        loop {
            if self.eat(".") {
                match self.bump() {
                    Tok::Ident(name) => {
                        e = Expr::Member(Box::new(e), Box::new(Expr::Lit(Value::String(name))));
                    }
                    _ => {
                        self.pos = self.pos.saturating_sub(1);
                        return self.fail("a property name after `.`");
                    }
                }
            } else if self.eat("[") {
                let key = self.expr()?;
                self.expect("]")?;
                e = Expr::Member(Box::new(e), Box::new(key));
            } else if self.eat("(") {
                let mut args = Vec::new();
                while !self.eat(")") {
                    args.push(self.expr()?);
                    if !self.is(")") {
                        self.expect(",")?;
                    }
                }
                e = Expr::Call(Box::new(e), args);
            } else {
                return Ok(e);
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, ExprError> {
        match self.peek().clone() {
            Tok::Num(n) => {
                self.bump();
                Ok(Expr::Lit(number(n)))
            }
            Tok::Str(s) => {
                self.bump();
                Ok(Expr::Lit(Value::String(s)))
            }
            Tok::Ident(name) => {
                self.bump();
                Ok(match name.as_str() {
                    "true" => Expr::Lit(Value::Bool(true)),
                    "false" => Expr::Lit(Value::Bool(false)),
                    "null" => Expr::Lit(Value::Null),
                    "undefined" => Expr::Undefined,
                    _ => Expr::Name(name),
                })
            }
            Tok::Punct("(") => {
                self.bump();
                let e = self.expr()?;
                self.expect(")")?;
                Ok(e)
            }
            Tok::Punct("[") => {
                self.bump();
                let mut items = Vec::new();
                while !self.eat("]") {
                    items.push(if self.eat("...") {
                        Item::Spread(self.expr()?)
                    } else {
                        Item::One(self.expr()?)
                    });
                    if !self.is("]") {
                        self.expect(",")?;
                    }
                }
                Ok(Expr::Array(items))
            }
            Tok::Punct("{") => {
                self.bump();
                let props = self.object_body("}")?;
                self.expect("}")?;
                Ok(Expr::Object(props))
            }
            _ => self.fail("a value"),
        }
    }

    /// `a: 1, b, ...c` up to (not including) `close`.
    fn object_body(&mut self, close: &str) -> Result<Vec<Prop>, ExprError> {
        let mut props = Vec::new();
        while !self.is(close) && *self.peek() != Tok::End {
            if self.eat("...") {
                props.push(Prop::Spread(self.expr()?));
            } else {
                let key = match self.bump() {
                    Tok::Ident(s) | Tok::Str(s) => s,
                    Tok::Num(n) => to_text(&number(n)),
                    _ => {
                        self.pos = self.pos.saturating_sub(1);
                        return self.fail("a property name");
                    }
                };
                let value = if self.eat(":") {
                    self.expr()?
                } else {
                    Expr::Name(key.clone())
                };
                props.push(Prop::Pair(key, value));
            }
            if !self.is(close) && *self.peek() != Tok::End {
                self.expect(",")?;
            }
        }
        Ok(props)
    }

    /// WXML lets a mustache hold an object without braces: `{{a: 1, ...b}}`, `{{a, b}}`.
    fn bare_object_ahead(&self) -> bool {
        matches!(
            (self.peek(), self.peek_at(1)),
            (Tok::Punct("..."), _) | (Tok::Ident(_) | Tok::Str(_), Tok::Punct(":" | ","))
        )
    }
}

/// Parses the text between `{{` and `}}`.
///
/// # Errors
/// A syntax error, with its character offset.
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    let mut p = Parser {
        toks: lex(src)?,
        pos: 0,
        depth: 0,
    };
    if *p.peek() == Tok::End {
        return Err(ExprError {
            offset: 0,
            message: "empty expression".into(),
        });
    }
    let e = if p.bare_object_ahead() {
        Expr::Object(p.object_body("\u{0}")?)
    } else {
        p.expr()?
    };
    if *p.peek() != Tok::End {
        return p.fail("the end of the expression");
    }
    Ok(e)
}

/// A value during evaluation: `undefined`, a borrow of data, or a computed value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    /// JavaScript's `undefined` (a missing name or key).
    Undefined,
    /// A value inside the data or the expression.
    Ref(&'a Value),
    /// A computed value.
    Own(Value),
}

impl<'a> Val<'a> {
    /// The value, or `None` for undefined.
    #[must_use]
    pub fn get(&self) -> Option<&Value> {
        match self {
            Val::Undefined => None,
            Val::Ref(v) => Some(v),
            Val::Own(v) => Some(v),
        }
    }

    /// An owned JSON value (`undefined` becomes `null`).
    #[must_use]
    pub fn into_value(self) -> Value {
        match self {
            Val::Undefined => Value::Null,
            Val::Ref(v) => v.clone(),
            Val::Own(v) => v,
        }
    }

    /// JavaScript truthiness.
    #[must_use]
    pub fn truthy(&self) -> bool {
        self.get().is_some_and(truthy)
    }

    /// The text `{{ }}` renders: JavaScript's `String(v)`, with `undefined` as empty.
    #[must_use]
    pub fn text(&self) -> String {
        self.get().map(to_text).unwrap_or_default()
    }
}

/// Names visible to an expression: `wx:for` variables over the data.
#[derive(Clone, Copy)]
pub enum Scope<'a> {
    /// The data object at the bottom.
    Data(&'a Value),
    /// The data object at the bottom, with the runtime that `<wxs>` calls go to.
    Root {
        /// The data.
        data: &'a Value,
        /// The WXS runtime.
        wxs: &'a dyn Wxs,
    },
    /// One variable over an outer scope.
    Var {
        /// The outer scope.
        parent: &'a Scope<'a>,
        /// Its name.
        name: &'a str,
        /// Its value.
        value: &'a Value,
    },
}

impl std::fmt::Debug for Scope<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Data(d) | Scope::Root { data: d, .. } => f.debug_tuple("Data").field(d).finish(),
            Scope::Var {
                parent,
                name,
                value,
            } => f
                .debug_struct("Var")
                .field("name", name)
                .field("value", value)
                .field("parent", parent)
                .finish(),
        }
    }
}

impl<'a> Scope<'a> {
    /// The data root with `wxs` as its runtime, when there is one.
    #[must_use]
    pub fn root(data: &'a Value, wxs: Option<&'a dyn Wxs>) -> Self {
        match wxs {
            Some(wxs) => Scope::Root { data, wxs },
            None => Scope::Data(data),
        }
    }

    /// The WXS runtime at the root, if any.
    #[must_use]
    pub fn wxs(&self) -> Option<&'a dyn Wxs> {
        let mut s = self;
        loop {
            match s {
                Scope::Data(_) => return None,
                Scope::Root { wxs, .. } => return Some(*wxs),
                Scope::Var { parent, .. } => s = parent,
            }
        }
    }

    /// Looks a name up, innermost first.
    #[must_use]
    pub fn lookup(&self, key: &str) -> Option<&'a Value> {
        let mut s = self;
        loop {
            match s {
                Scope::Data(d) | Scope::Root { data: d, .. } => return d.get(key),
                Scope::Var {
                    parent,
                    name,
                    value,
                } => {
                    if *name == key {
                        return Some(value);
                    }
                    s = parent;
                }
            }
        }
    }
}

/// JavaScript truthiness of a JSON value.
#[must_use]
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// A JSON number from an f64 (NaN and infinities become null, as in JSON).
#[must_use]
pub fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        // Integral values stay integers so they print as `3`, not `3.0`.
        #[allow(clippy::cast_possible_truncation)]
        return Value::Number((n as i64).into());
    }
    Number::from_f64(n).map_or(Value::Null, Value::Number)
}

fn num_text(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

/// JavaScript's `String(v)` for a JSON value.
#[must_use]
pub fn to_text(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.as_f64().map(num_text).unwrap_or_default(),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let mut out = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !item.is_null() {
                    let _ = write!(out, "{}", to_text(item));
                }
            }
            out
        }
        Value::Object(_) => "[object Object]".into(),
    }
}

fn to_number(v: Option<&Value>) -> f64 {
    match v {
        None => f64::NAN,
        Some(Value::Null) => 0.0,
        Some(Value::Bool(b)) => f64::from(u8::from(*b)),
        Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
        Some(Value::String(s)) => {
            let t = s.trim();
            if t.is_empty() {
                0.0
            } else {
                t.parse().unwrap_or(f64::NAN)
            }
        }
        Some(Value::Array(a)) if a.is_empty() => 0.0,
        Some(Value::Array(a)) if a.len() == 1 => to_number(a.first()),
        Some(_) => f64::NAN,
    }
}

fn strict_eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        (Some(x @ (Value::Array(_) | Value::Object(_))), Some(y)) => std::ptr::eq(x, y),
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

fn loose_eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    let nullish = |v: Option<&Value>| matches!(v, None | Some(Value::Null));
    if nullish(a) || nullish(b) {
        return nullish(a) && nullish(b);
    }
    match (a, b) {
        (Some(Value::String(x)), Some(Value::String(y))) => x == y,
        (
            Some(x @ (Value::Array(_) | Value::Object(_))),
            Some(y @ (Value::Array(_) | Value::Object(_))),
        ) => std::ptr::eq(x, y),
        _ => to_number(a) == to_number(b),
    }
}

fn member<'a>(obj: Val<'a>, key: &Value) -> Val<'a> {
    let key_text = to_text(key);
    let pick = |v: &Value| -> Option<Value> {
        match v {
            Value::Array(a) if key_text == "length" => Some(Value::from(a.len())),
            Value::String(s) if key_text == "length" => Some(Value::from(s.encode_utf16().count())),
            Value::String(s) => key_text
                .parse::<usize>()
                .ok()
                .and_then(|i| s.chars().nth(i))
                .map(|c| Value::String(c.to_string())),
            _ => None,
        }
    };
    match obj {
        Val::Ref(v) => match v {
            Value::Object(m) => m.get(&key_text).map_or(Val::Undefined, Val::Ref),
            Value::Array(a) => match key_text.parse::<usize>() {
                Ok(i) => a.get(i).map_or(Val::Undefined, Val::Ref),
                Err(_) => pick(v).map_or(Val::Undefined, Val::Own),
            },
            _ => pick(v).map_or(Val::Undefined, Val::Own),
        },
        Val::Own(v) => match v {
            Value::Object(mut m) => m.remove(&key_text).map_or(Val::Undefined, Val::Own),
            Value::Array(ref a) => match key_text.parse::<usize>() {
                Ok(i) => a.get(i).cloned().map_or(Val::Undefined, Val::Own),
                Err(_) => pick(&v).map_or(Val::Undefined, Val::Own),
            },
            _ => pick(&v).map_or(Val::Undefined, Val::Own),
        },
        Val::Undefined => Val::Undefined,
    }
}

fn type_of(v: Option<&Value>) -> &'static str {
    match v {
        None => "undefined",
        Some(Value::Bool(_)) => "boolean",
        Some(Value::Number(_)) => "number",
        Some(Value::String(_)) => "string",
        Some(_) => "object",
    }
}

/// Evaluates `e` in `scope`. Never fails: missing names and keys are `undefined`, as in WXML.
#[must_use]
pub fn eval<'a>(e: &'a Expr, scope: &Scope<'a>) -> Val<'a> {
    match e {
        Expr::Lit(v) => Val::Ref(v),
        Expr::Undefined => Val::Undefined,
        Expr::Wxs(m) => scope
            .wxs()
            .and_then(|w| w.value(m, &[]))
            .map_or(Val::Undefined, Val::Own),
        Expr::Call(callee, args) => {
            let (Some(w), Some((m, keys))) = (scope.wxs(), target(callee)) else {
                return Val::Undefined;
            };
            let path: Vec<Value> = keys.iter().map(|k| eval(k, scope).into_value()).collect();
            let args: Vec<Option<Value>> =
                args.iter().map(|a| eval(a, scope).get().cloned()).collect();
            w.call(m, &path, &args).map_or(Val::Undefined, Val::Own)
        }
        Expr::Name(n) => scope.lookup(n).map_or(Val::Undefined, Val::Ref),
        Expr::Member(obj, key) => {
            if let Some((m, keys)) = target(e) {
                let Some(w) = scope.wxs() else {
                    return Val::Undefined;
                };
                let path: Vec<Value> = keys.iter().map(|k| eval(k, scope).into_value()).collect();
                return w.value(m, &path).map_or(Val::Undefined, Val::Own);
            }
            let o = eval(obj, scope);
            let k = eval(key, scope);
            member(o, k.get().unwrap_or(&Value::Null))
        }
        Expr::Unary(op, x) => {
            let v = eval(x, scope);
            Val::Own(match op {
                '!' => Value::Bool(!v.truthy()),
                '-' => number(-to_number(v.get())),
                't' => Value::String(type_of(v.get()).into()),
                _ => number(to_number(v.get())),
            })
        }
        Expr::And(a, b) => {
            let l = eval(a, scope);
            if l.truthy() {
                eval(b, scope)
            } else {
                l
            }
        }
        Expr::Or(a, b) => {
            let l = eval(a, scope);
            if l.truthy() {
                l
            } else {
                eval(b, scope)
            }
        }
        Expr::Cond(t, y, n) => {
            if eval(t, scope).truthy() {
                eval(y, scope)
            } else {
                eval(n, scope)
            }
        }
        Expr::Binary(op, a, b) => {
            let l = eval(a, scope);
            let r = eval(b, scope);
            Val::Own(binary(*op, l.get(), r.get()))
        }
        Expr::Array(items) => {
            let mut out = Vec::new();
            for item in items {
                match item {
                    Item::One(x) => out.push(eval(x, scope).into_value()),
                    Item::Spread(x) => match eval(x, scope).into_value() {
                        Value::Array(a) => out.extend(a),
                        Value::String(s) => {
                            out.extend(s.chars().map(|c| Value::String(c.to_string())));
                        }
                        _ => {}
                    },
                }
            }
            Val::Own(Value::Array(out))
        }
        Expr::Object(props) => {
            let mut out = Map::new();
            for p in props {
                match p {
                    Prop::Pair(k, x) => {
                        if let Some(v) = eval(x, scope).get() {
                            out.insert(k.clone(), v.clone());
                        }
                    }
                    Prop::Spread(x) => match eval(x, scope).into_value() {
                        Value::Object(m) => out.extend(m),
                        Value::Array(a) => {
                            out.extend(a.into_iter().enumerate().map(|(i, v)| (i.to_string(), v)));
                        }
                        _ => {}
                    },
                }
            }
            Val::Own(Value::Object(out))
        }
    }
}

fn binary(op: BinOp, a: Option<&Value>, b: Option<&Value>) -> Value {
    let is_str = |v: Option<&Value>| {
        matches!(
            v,
            Some(Value::String(_) | Value::Array(_) | Value::Object(_))
        )
    };
    match op {
        BinOp::Add if is_str(a) || is_str(b) => {
            let t = |v: Option<&Value>| v.map_or_else(|| "undefined".to_string(), to_text);
            Value::String(t(a) + &t(b))
        }
        BinOp::Add => number(to_number(a) + to_number(b)),
        BinOp::Sub => number(to_number(a) - to_number(b)),
        BinOp::Mul => number(to_number(a) * to_number(b)),
        BinOp::Div => number(to_number(a) / to_number(b)),
        BinOp::Rem => number(to_number(a) % to_number(b)),
        BinOp::StrictEq => Value::Bool(strict_eq(a, b)),
        BinOp::StrictNe => Value::Bool(!strict_eq(a, b)),
        BinOp::Eq => Value::Bool(loose_eq(a, b)),
        BinOp::Ne => Value::Bool(!loose_eq(a, b)),
        BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge => {
            let ord = match (a, b) {
                (Some(Value::String(x)), Some(Value::String(y))) => Some(x.cmp(y)),
                _ => to_number(a).partial_cmp(&to_number(b)),
            };
            Value::Bool(ord.is_some_and(|o| match op {
                BinOp::Lt => o.is_lt(),
                BinOp::Gt => o.is_gt(),
                BinOp::Le => o.is_le(),
                _ => o.is_ge(),
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn ev(src: &str, data: &Value) -> Value {
        let e = parse(src).expect(src);
        eval(&e, &Scope::Data(data)).into_value()
    }

    #[test]
    fn evaluates_like_javascript() {
        let d = json!({"a": 1, "b": "x", "list": [1, 2, 3], "o": {"k": {"v": 5}}, "n": null});
        assert_eq!(ev("a + 1", &d), json!(2));
        assert_eq!(ev("b + a", &d), json!("x1"));
        assert_eq!(ev("list.length", &d), json!(3));
        assert_eq!(ev("list[1] * 10", &d), json!(20));
        assert_eq!(ev("o.k['v'] > 4 ? 'big' : 'small'", &d), json!("big"));
        assert_eq!(ev("!missing", &d), json!(true));
        assert_eq!(ev("missing.deep.er", &d), Value::Null);
        assert_eq!(ev("a === 1 && b", &d), json!("x"));
        assert_eq!(ev("n || 'dflt'", &d), json!("dflt"));
        assert_eq!(ev("7 % 4 - -1", &d), json!(4));
        assert_eq!(ev("1 / 2", &d), json!(0.5));
        assert_eq!(ev("'1' == 1", &d), json!(true));
        assert_eq!(ev("'1' === 1", &d), json!(false));
        assert_eq!(ev("[...list, 4]", &d), json!([1, 2, 3, 4]));
        assert_eq!(ev("{x: a, ...o.k}", &d), json!({"x": 1, "v": 5}));
        assert_eq!(ev("typeof b", &d), json!("string"));
    }

    #[test]
    fn bare_objects_for_template_data() {
        let d = json!({"a": 1, "item": {"name": "n"}});
        assert_eq!(ev("...item, a", &d), json!({"name": "n", "a": 1}));
        assert_eq!(ev("x: 1, y: a", &d), json!({"x": 1, "y": 1}));
        assert_eq!(ev("a, item", &d), json!({"a": 1, "item": {"name": "n"}}));
    }

    #[test]
    fn text_is_string_of_value() {
        assert_eq!(Val::Own(json!(3.0)).text(), "3");
        assert_eq!(Val::Own(json!(0.5)).text(), "0.5");
        assert_eq!(Val::Own(json!([1, "a"])).text(), "1,a");
        assert_eq!(Val::Undefined.text(), "");
        assert_eq!(Val::Own(json!({"a": 1})).text(), "[object Object]");
    }

    #[test]
    fn syntax_errors_point_at_the_offset() {
        let e = parse("a + ").expect_err("fails");
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("expected a value"), "{}", e.message);
        let e = parse("a b").expect_err("fails");
        assert_eq!(e.offset, 2);
        assert!(parse("'open")
            .expect_err("fails")
            .message
            .contains("unterminated"));
        assert!(parse("").is_err());
        let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse(&deep)
            .expect_err("too deep")
            .message
            .contains("nested deeper"));
        assert!(parse(&"!".repeat(10_000)).is_err());
        assert!(parse(&"[".repeat(10_000)).is_err());
    }
}
